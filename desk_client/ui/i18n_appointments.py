"""The labels of the clerk window's 预约 page (booking at the window, the day's list), zh_CN
and en.

Merged into ui.i18n.LABELS. Refusals are not here: they are DeskError codes (appointment.*)
in the core message catalogue. Slot times are written with an en dash (10:00–10:30), as
the slip prints them.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # key: (zh_CN, en)
    "page.appointments": ("预约", "Appointments"),
    "appt.book_box": ("预约登记", "Book an appointment"),
    "appt.category": ("业务", "Service"),
    "appt.day": ("日期", "Date"),
    "appt.slots": ("可约时段", "Slots"),
    "appt.name": ("姓名", "Name"),
    "appt.phone": ("电话", "Phone"),
    "appt.name_hint": ("预约人姓名", "The citizen's name"),
    "appt.phone_hint": ("选填，用于联系预约人", "Optional: to reach the citizen"),
    "appt.book": ("预约并打印凭条", "Book and print the slip"),
    "appt.day_box": ("当日预约", "The day's appointments"),
    "appt.no_slots": ("当天没有可约时段", "No slots that day"),
    # a slot in the list: its times, then how many seats are left of how many
    "appt.slot": ("{slot}  余 {free}/{capacity}", "{slot}  {free} of {capacity} left"),
    "appt.slot_full": ("{slot}  已约满 {capacity}/{capacity}", "{slot}  full ({capacity})"),
    "appt.slot_begun": ("{slot}  已开始", "{slot}  begun"),
    "appt.pick_slot": ("请先在“可约时段”中选择一个时段", "Choose a slot first"),
    "appt.no_category": ("请先选择业务", "Choose a service first"),
    "appt.booked": (
        "已预约 {code}：{day}（{weekday}）{slot}",
        "Booked {code}: {day} ({weekday}) {slot}",
    ),
    "appt.slip_failed": (
        "{booked}；凭条未打印：{reason}",
        "{booked}; the slip did not print: {reason}",
    ),
    # the booking line printed on the slip
    "appt.booked_text": (
        "{time} {window}号窗口 {name} 预约",
        "Booked {time} at window {window} by {name}",
    ),
    "appt.booked_text_here": ("{time} {name} 预约", "Booked {time} by {name}"),
    # a reprinted slip's line: when and by whom it was reprinted (补打)
    "appt.reprinted_text": (
        "{time} {window}号窗口 {name} 补打",
        "Reprinted {time} at window {window} by {name}",
    ),
    "appt.reprinted_text_here": ("{time} {name} 补打", "Reprinted {time} by {name}"),
    # the return visit after a one-time notice, booked from the checklist page
    "appt.return_note": (
        "为 {name} 预约补正（告知单 {number}）：请选择日期和时段",
        "Booking {name}'s return visit (notice {number}): choose the date and the slot",
    ),
    "appt.prefill_no_category": (
        "本厅没有业务 {code}，请先选择业务。{note}",
        "The hall has no service {code}: choose one first. {note}",
    ),
    "appt.cancel": ("取消所选预约", "Cancel the selected appointment"),
    "appt.cancel_confirm": ("确认取消", "Confirm cancelling"),
    "appt.cancel_asks": (
        "将取消 {code}（{name}，{day} {slot}）；确认请再按“确认取消”",
        "This cancels {code} ({name}, {day} {slot}); press “Confirm cancelling” to go on",
    ),
    "appt.none_selected": (
        "请先在列表中选择要取消的预约",
        "Select an appointment in the list first",
    ),
    "appt.cancelled_done": ("已取消 {code}", "{code} cancelled"),
    "appt.reprint": ("补打凭条", "Reprint slip"),
    "appt.reprint_none": (
        "请先在列表中选择要补打凭条的预约",
        "Select the appointment whose slip to reprint first",
    ),
    "appt.reprinted": (
        "补打凭条 {code}：{name}，{day}（{weekday}）{slot}",
        "Slip reprinted for {code}: {name}, {day} ({weekday}) {slot}",
    ),
    # why a slip is not reprinted, by the appointment's state
    "appt.reprint_refused.cancelled": (
        "{code} 已取消，不能补打凭条",
        "{code} is cancelled: its slip is not reprinted",
    ),
    "appt.reprint_refused.checked_in": (
        "{code} 已签到（号票 {ticket}），不用再打凭条",
        "{code} has checked in (ticket {ticket}): the slip is no longer needed",
    ),
    "appt.reprint_refused.missed": (
        "{code} 的时段已过，预约已失效，不能补打凭条",
        "{code}'s slot has passed and the booking has lapsed: its slip is not reprinted",
    ),
    # 改约: the selected booking loaded into the form, moved to the slot chosen there
    "appt.reschedule": ("改约", "Reschedule"),
    "appt.reschedule_quit": ("放弃改约", "Stop rescheduling"),
    "appt.reschedule_confirm": ("确认改约", "Confirm the new time"),
    "appt.reschedule_asks": (
        "改约 {code}（{name}）：请选择新的日期和时段，再按“确认改约”",
        "Rescheduling {code} ({name}): choose the new date and slot, then press “Confirm the "
        "new time”",
    ),
    "appt.reschedule_none": (
        "请先在列表中选择要改约的预约",
        "Select the appointment to reschedule in the list first",
    ),
    "appt.reschedule_not_booked": (
        "{code} {state}，只有已预约的才能改约",
        "{code}: {state}; only a booked appointment can be rescheduled",
    ),
    "appt.reschedule_quitted": (
        "已放弃改约，{code} 仍按原时段预约",
        "Rescheduling stopped: {code} keeps its slot",
    ),
    "appt.rescheduled": (
        "已改约 {old} → {code}（{name}）：{day}（{weekday}）{slot}，原预约已取消",
        "Rescheduled {old} as {code} ({name}): {day} ({weekday}) {slot}; the old booking is "
        "cancelled",
    ),
    "appt.find": ("按预约码查找", "Find by code"),
    "appt.find_hint": ("输入或扫描预约码", "Type or scan a code"),
    "appt.find_empty": ("请先输入或扫描预约码", "Type or scan a code first"),
    "appt.found": (
        "{code}：{name}，{day}（{weekday}）{slot} {category}，{state}",
        "{code}: {name}, {day} ({weekday}) {slot} {category}, {state}",
    ),
    "appt.count": (
        "共 {count} 条 · 已签到 {checked_in} · 已取消 {cancelled}",
        "{count} in all · {checked_in} checked in · {cancelled} cancelled",
    ),
    "appt.col.time": ("时间", "Time"),
    "appt.col.code": ("预约码", "Code"),
    "appt.col.category": ("业务", "Service"),
    "appt.col.name": ("姓名", "Name"),
    "appt.col.phone": ("电话", "Phone"),
    "appt.col.state": ("状态", "State"),
    "appt.col.source": ("来源", "Source"),
    "appt.state.booked": ("已预约", "Booked"),
    "appt.state.checked_in": ("已签到 {ticket}", "Checked in {ticket}"),
    "appt.state.cancelled": ("已取消", "Cancelled"),
    "appt.state.missed": ("未到", "Missed"),
    "appt.source.window": ("窗口", "Window"),
    "appt.source.admin": ("管理后台", "Admin"),
    "appt.source.import": ("导入", "Imported"),
}
