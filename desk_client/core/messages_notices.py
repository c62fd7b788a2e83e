"""Messages of the notices part of issue 4 (zh_CN and en); merged into core.messages.MESSAGES.

The refusals of the window's checklist flow (services.checklist, services.supervision): notices,
return visits, exceptions to the one-time rule, acceptance, rejection and its report.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # the item and the day
    "catalogue.weekday_only": {
        "zh_CN": "本事项周末及节假日不办理，请于工作日预约办理",
        "en": "This item is not handled on weekends and holidays; please book a weekday "
        "appointment",
    },
    "notice.unknown_item": {
        "zh_CN": "本大厅的办事指南中没有事项 {item}",
        "en": "The hall's catalogue has no item {item}",
    },
    # notices and the return visit
    "notice.nothing_missing": {
        "zh_CN": "材料已齐全，无需出具一次性告知单，请直接受理",
        "en": "Nothing is missing: no one-time notice is needed, accept the application",
    },
    "notice.not_found": {"zh_CN": "找不到告知单 {number}", "en": "There is no notice {number}"},
    "notice.other_hall": {
        "zh_CN": "告知单 {number} 是其他大厅（{hall}）出具的，请到原大厅办理",
        "en": "Notice {number} was issued by another hall ({hall}); please go back there",
    },
    "notice.not_one_time": {
        "zh_CN": "{number} 不是一次性告知单，不能据此补正材料",
        "en": "{number} is not a one-time notice; a return visit needs one",
    },
    "notice.other_item": {
        "zh_CN": "告知单 {number} 告知的是事项 {item}，与本次办理的事项不同",
        "en": "Notice {number} was issued for item {item}, not for this one",
    },
    "notice.other_applicant": {
        "zh_CN": "告知单 {number} 的申请人不是 {name}，请核对申请人证件",
        "en": "Notice {number} was issued to someone other than {name}; check the ID",
    },
    "notice.awaiting_approval": {
        "zh_CN": "不予受理通知书 {number} 正在等待主管审批，批准后才能打印",
        "en": "Rejection notice {number} awaits the supervisor's approval before it can be printed",
    },
    "notice.returned": {
        "zh_CN": "不予受理通知书 {number} 已被主管退回，不能打印。主管意见：{comment}",
        "en": "Rejection notice {number} was returned by the supervisor and cannot be printed. "
        "Comment: {comment}",
    },
    "notice.bad_paper": {
        "zh_CN": "不支持的纸张“{paper}”，请选择 80mm 或 A4",
        "en": "Unknown paper '{paper}'; choose 80mm or A4",
    },
    # acceptance and rejection
    "checklist.incomplete": {
        "zh_CN": "材料不齐全，不能受理：{materials}",
        "en": "The materials are incomplete, the application cannot be accepted: {materials}",
    },
    "rejection.reason_required": {
        "zh_CN": "请填写不予受理的理由（不超过 {limit} 字）",
        "en": "Write the reason for the rejection (at most {limit} characters)",
    },
    "rejection.basis_required": {
        "zh_CN": "请填写不予受理的法律依据（不超过 {limit} 字）",
        "en": "Write the legal basis of the rejection (at most {limit} characters)",
    },
    # the one exception to the one-time rule
    "exception.not_supervisor": {
        "zh_CN": "{staff_no} 不是主管，不能批准补正告知以外的材料",
        "en": "{staff_no} is not a supervisor and cannot approve a material outside the notice",
    },
    "exception.reason_required": {
        "zh_CN": "请填写批准理由（不超过 {limit} 字）",
        "en": "Write the reason for the approval (at most {limit} characters)",
    },
    "exception.unknown_material": {
        "zh_CN": "事项“{item}”没有材料“{material}”",
        "en": "Item '{item}' has no material '{material}'",
    },
    "exception.already_listed": {
        "zh_CN": "“{material}”已列在告知单 {number} 上，无需批准",
        "en": "'{material}' is already on notice {number}; no approval is needed",
    },
    # the rejection report (否定报备) and the supervisor's decision
    "report.not_supervisor": {
        "zh_CN": "只有主管或管理员可以审批不予受理报备",
        "en": "Only a supervisor or an administrator can decide a rejection report",
    },
    "report.comment_required": {
        "zh_CN": "退回报备时请填写意见（不超过 {limit} 字）",
        "en": "Write a comment when returning a report (at most {limit} characters)",
    },
    "report.comment_too_long": {
        "zh_CN": "意见不能超过 {limit} 字",
        "en": "The comment may have at most {limit} characters",
    },
    "report.not_found": {
        "zh_CN": "找不到不予受理报备 {number}",
        "en": "There is no rejection report {number}",
    },
    "report.already_decided": {
        "zh_CN": "报备 {number} 已经处理过（{status}），不能再次审批",
        "en": "Report {number} has already been decided ({status})",
    },
}
