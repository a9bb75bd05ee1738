from .context import client_ip, reset_source_ip, set_source_ip


class AuditContextMiddleware:
    """Makes the request's source address available to every audit record written while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_source_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_source_ip(token)
