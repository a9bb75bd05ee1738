"""Page pagination with a stable order: every list is ordered by a unique key (the id breaks ties),
so that page N holds the same records until the data change."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "页码无效：{message}"

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for p in params:
            if p["name"] == self.page_query_param:
                p["description"] = "页码（从1开始）"
                p["schema"] = {"type": "integer", "minimum": 1}
            elif p["name"] == self.page_size_query_param:
                p["description"] = f"每页条数（1–{self.max_page_size}，默认{self.page_size}）"
                p["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return params
