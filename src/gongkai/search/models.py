"""The search table (检索表): the authoritative list of what search may return.

One row per public document, written inside the transaction that publishes, edits or withdraws
it. The PostgreSQL backend keeps its ``tsvector`` columns on this same table (added by the
migration on PostgreSQL only), so there the row *is* the index. The embedded tantivy index is an
accelerator updated after commit; its hits are filtered against this table, so a withdrawn
document never appears, even in the instant before the index catches up.
"""

from django.db import models


class SearchEntry(models.Model):
    document = models.OneToOneField(
        "disclosure.Document",
        primary_key=True,
        on_delete=models.CASCADE,
        db_column="id",
        related_name="search_entry",
        verbose_name="政府信息",
    )
    title = models.TextField("信息名称")
    body = models.TextField("正文及附件文字", default="")
    agency_path = models.TextField("机关路径", default="")
    category = models.TextField("主题分类", default="")
    genre = models.TextField("体裁", default="")
    validity = models.TextField("效力状态", default="")
    year = models.IntegerField("年份", null=True)
    published_at = models.DateTimeField("发布日期", null=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"

    def __str__(self) -> str:
        return self.title
