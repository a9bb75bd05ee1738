import datetime as dt

import pytest

from gongkai.disclosure import services
from gongkai.disclosure.stats import regulatory_counts

pytestmark = pytest.mark.django_db


def test_regulatory_documents_issued_repealed_in_force(agency_tree, workflow):
    agency = agency_tree["city"]
    editor, reviewer = workflow.staff_for(agency)
    D = dt.date
    workflow.publish(agency, title="规范1", regulatory_kind="normative", written_on=D(2023, 5, 1))
    old = workflow.publish(agency, title="规范2", regulatory_kind="normative", written_on=D(2024, 2, 1))
    workflow.publish(agency, title="规范3", regulatory_kind="normative", written_on=D(2024, 6, 1))
    workflow.publish(agency, title="规章1", regulatory_kind="rule", written_on=D(2024, 7, 1))
    workflow.publish(agency, title="普通通知", written_on=D(2024, 7, 1))
    workflow.draft(agency, title="未发布的规范", regulatory_kind="normative", written_on=D(2024, 8, 1))
    workflow.publish(
        agency_tree["other"], title="他机关规范", regulatory_kind="normative", written_on=D(2024, 3, 1)
    )
    services.change_validity(editor, old, "repealed", on=D(2024, 11, 30), reason="被新文件替代")

    assert regulatory_counts(agency, 2024) == {
        "rules": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 2},
    }
    assert regulatory_counts(agency, 2023)["normative_documents"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }
