"""Operating the platform: `gongkai backup` and `gongkai restore` (数据备份恢复, docs/deploy.md)."""
