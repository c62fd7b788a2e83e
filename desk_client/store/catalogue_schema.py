"""The hall's service catalogue (办事指南), mastered centrally (issue 4, revision 0004).

One row per item. The scalar fields a picker filters or sorts on are columns; the item's
materials, special steps and refusal grounds travel as one JSON document (``data``), the
exact round trip of the core dataclasses (store.catalogue_repo.item_to_dict). ``initials``
holds the pinyin keys computed at import, so no PC needs pypinyin to search.
"""

from __future__ import annotations

import sqlalchemy as sa

from desk_client.store.schema import BigId, LongText, metadata

#: The first central schema revision that has these tables.
CATALOGUE_SINCE = "0004"

service_items = sa.Table(
    "service_items",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("hall_id", BigId, sa.ForeignKey("halls.id"), nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),  # the order of the imported file
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("department", sa.String(100), nullable=False),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("legal_basis", sa.Text, nullable=False),
    sa.Column("promised_days", sa.Integer, nullable=True),
    sa.Column("statutory_days", sa.Integer, nullable=True),
    sa.Column("fee", sa.String(200), nullable=False),
    sa.Column("enquiry_phone", sa.String(32), nullable=False),
    sa.Column("complaint_phone", sa.String(32), nullable=False),
    sa.Column("weekend", sa.Boolean, nullable=False),
    sa.Column("initials", sa.String(500), nullable=False),
    sa.Column("data", LongText, nullable=False),
    sa.UniqueConstraint("hall_id", "code"),
)
