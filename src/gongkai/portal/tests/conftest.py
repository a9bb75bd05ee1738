import pytest


@pytest.fixture
def portal_demo(db):
    """The seed documents plus the portal's demo (site profile, documents for every column)."""
    from gongkai.demo.loader import load_demo
    from gongkai.demo.portal import load_portal_demo
    from gongkai.disclosure.models import Document

    load_demo()
    load_portal_demo()
    return {d.doc_number or d.title: d for d in Document.objects.select_related("agency")}
