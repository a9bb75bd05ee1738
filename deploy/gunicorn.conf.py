"""gunicorn settings of the production profile (`make prod`, docs/deploy.md). Each can be overridden
from the environment: GONGKAI_BIND, GONGKAI_WORKERS, GONGKAI_THREADS, GONGKAI_TIMEOUT."""

import multiprocessing
import os

wsgi_app = "gongkai.wsgi:application"
bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("GONGKAI_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GONGKAI_THREADS", 2))
worker_class = "gthread"
timeout = int(os.environ.get("GONGKAI_TIMEOUT", 60))
graceful_timeout = 30
# Idle keep-alive connections are kept as long as nginx keeps its own (keepalive_timeout 75 s): a
# client posting a form on a connection the server just closed gets a connection reset instead.
keepalive = int(os.environ.get("GONGKAI_KEEPALIVE", 75))
# A worker is replaced after this many requests (bounded memory growth), at staggered times.
max_requests = 2000
max_requests_jitter = 200
# Request size limits (入侵防范): long header lines and many header fields are refused by gunicorn.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
# The proxy's address only: X-Forwarded-For/-Proto from anywhere else are ignored.
forwarded_allow_ips = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "gongkai"

# Load the app once in the master and warm what is slow to load (jieba's dictionary, the search
# analyser, the letter templates' fonts are lazy): every forked worker starts ready, instead of the
# first search in each worker taking seconds.
preload_app = True


def when_ready(server):
    from gongkai.search.analysis import analyze_query, index_tokens

    analyze_query("政府信息公开年度报告")
    index_tokens("城乡最低生活保障资金发放情况")
