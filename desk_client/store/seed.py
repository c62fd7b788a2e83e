"""The demo hall (示范市政务服务中心): categories, windows, staff and appointments; (issue 6)
the A/B posts, the hall directory of departments and a weekend roster."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from desk_client.core.appointments import DEFAULT_RULES, day_slots
from desk_client.store import cover_repo
from desk_client.store.db import new_id
from desk_client.store.inquiry_rows import DepartmentRow, PostRow, RosterRow
from desk_client.store.schema import (
    appointments,
    categories,
    halls,
    staff,
    window_categories,
    windows,
)

HALL_NAME = "示范市政务服务中心"
#: 12345 is the government service hotline; the address is made up (demo data).
HALL_PHONE = "0591-12345"
HALL_ADDRESS = "示范市鼓楼区政务路1号 市民服务中心一楼"
CATEGORIES = (("A", "综合受理", "A"), ("B", "社保医保", "B"), ("C", "不动产登记", "C"))
#: window number -> (name, categories served); window 6 is the general window (综合窗口).
WINDOWS = {
    1: ("1号窗口", ("A",)),
    2: ("2号窗口", ("A",)),
    3: ("3号窗口", ("B",)),
    4: ("4号窗口", ("B",)),
    5: ("5号窗口", ("C",)),
    6: ("6号综合窗口", ("A", "B", "C")),
}
CLERKS = ("张伟", "李娜", "王芳", "刘洋", "陈静", "杨磊")
CITIZENS = ("赵敏", "孙强", "周婷", "吴刚", "郑丽", "冯涛", "何静", "马超")


def seed_hall(conn: Connection, code: str, timezone: str, hashes: dict[str, str]) -> int:
    """Insert the demo hall; ``hashes`` maps staff_no -> password hash (hashed by the caller)."""
    values = {"code": code, "name": HALL_NAME, "timezone": timezone}
    values |= {"phone": HALL_PHONE, "address": HALL_ADDRESS}
    hall_id = new_id(conn.execute(halls.insert().values(**values)))
    category_ids = {
        c: new_id(
            conn.execute(categories.insert().values(hall_id=hall_id, code=c, name=n, prefix=p))
        )
        for c, n, p in CATEGORIES
    }
    for number, (name, served) in WINDOWS.items():
        window_id = new_id(
            conn.execute(windows.insert().values(hall_id=hall_id, number=number, name=name))
        )
        rows = [{"window_id": window_id, "category_id": category_ids[c]} for c in served]
        conn.execute(window_categories.insert(), rows)
    _seed_staff(conn, hall_id, hashes)
    seed_cover(conn, hall_id)
    return hall_id


def _seed_staff(conn: Connection, hall_id: int, hashes: dict[str, str]) -> None:
    people = [("admin", "系统管理员", "admin"), ("S001", "王主任", "supervisor")]
    people += [(f"100{i + 1}", name, "clerk") for i, name in enumerate(CLERKS)]
    rows = [
        {"hall_id": hall_id, "staff_no": no, "name": name, "role": role,
         "password_hash": hashes[no], "active": True, "phone": f"0591-870000{index:02d}"}
        for index, (no, name, role) in enumerate(people, start=1)
    ]  # fmt: skip
    conn.execute(staff.insert(), rows)


def seed_appointments(conn: Connection, hall_id: int, today: date, zone: ZoneInfo) -> int:
    """The first eight slots of the default opening hours today and tomorrow (09:00 to
    11:30, then 13:30 and 14:00), codes YY0001 ...; returns how many."""
    ids = dict(
        conn.execute(
            sa.select(categories.c.code, categories.c.id).where(categories.c.hall_id == hall_id)
        ).all()
    )
    rows = []
    for index in range(16):
        day = today + timedelta(days=index // 8)
        start, end = day_slots(day, DEFAULT_RULES, zone)[index % 8]
        rows.append({
            "hall_id": hall_id, "code": f"YY{index + 1:04d}",
            "category_id": ids[CATEGORIES[index % 3][0]],
            "slot_start": start, "slot_end": end,
            "name": CITIZENS[index % len(CITIZENS)], "checked_in_ticket_id": None,
        })  # fmt: skip
    conn.execute(appointments.insert(), rows)
    return len(rows)


def staff_passwords() -> dict[str, str]:
    """The demo accounts and their passwords (printed by ``desk-admin seed-demo``)."""
    passwords = {"admin": "admin123", "S001": "super123"}
    passwords.update({f"100{i + 1}": "desk1234" for i in range(len(CLERKS))})
    return passwords


# -- issue 6: A/B posts, the hall directory, a weekend roster ---------------------------------

#: post -> (A, B): the clerks pair up window by window; the supervisor's B is the admin.
POSTS = {
    "window:1": ("1001", "1002"),
    "window:2": ("1002", "1001"),
    "window:3": ("1003", "1004"),
    "window:4": ("1004", "1003"),
    "window:5": ("1005", "1006"),
    "window:6": ("1006", "1005"),
    "role:guide": ("1002", "1003"),
    "role:supervisor": ("S001", "admin"),
}
#: Demo departments (演示数据): the contacts, phones and addresses are made up.
DEPARTMENTS = (
    DepartmentRow("市公安局出入境管理支队", "林警官（演示数据）", "0591-87000101",
                  "示范市鼓楼区华林路100号（演示数据）"),
    DepartmentRow("市住房公积金中心", "黄科长（演示数据）", "0591-87000102",
                  "示范市台江区江滨路200号（演示数据）"),
    DepartmentRow("市人力资源和社会保障局", "郑主任（演示数据）", "0591-87000103",
                  "示范市鼓楼区五四路300号（演示数据）"),
    DepartmentRow("市不动产登记中心", "许科长（演示数据）", "0591-87000104",
                  "示范市晋安区福新路400号（演示数据）"),
)  # fmt: skip
#: The weekend (5+2): (day offset from Saturday, window, staff, shift). Saturday opens
#: windows 1 and 3/4 (categories A and B); Sunday only the general window 6 (A, B, C).
WEEKEND = (
    (0, 1, "1001", "day"),
    (0, 3, "1003", "am"),
    (0, 4, "1004", "pm"),
    (1, 6, "1006", "day"),
)
SEED_BY = "seed"


def seed_cover(conn: Connection, hall_id: int, now: datetime | None = None) -> None:
    """The demo posts and departments (each write bumps the hall's cover version)."""
    at = now or datetime.now(UTC)
    rows = [PostRow(post, a, b) for post, (a, b) in POSTS.items()]
    cover_repo.replace_posts(conn, hall_id, rows, by=SEED_BY, now=at)
    cover_repo.replace_departments(conn, hall_id, DEPARTMENTS, now=at)


def next_weekend(today: date) -> date:
    """The Saturday of the weekend that includes ``today``, else of the next one."""
    if today.weekday() == 6:  # Sunday: this weekend's Saturday was yesterday
        return today - timedelta(days=1)
    return today + timedelta(days=(5 - today.weekday()) % 7)


def seed_roster(conn: Connection, hall_id: int, today: date, now: datetime | None = None) -> int:
    """The demo roster of the next weekend; returns how many rows."""
    saturday = next_weekend(today)
    rows = [
        RosterRow(saturday + timedelta(days=offset), window, staff_no, shift)
        for offset, window, staff_no, shift in WEEKEND
    ]
    cover_repo.replace_roster(conn, hall_id, rows, now=now or datetime.now(UTC))
    return len(rows)
