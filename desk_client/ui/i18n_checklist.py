"""The labels of the checklist pages (issue 4), zh_CN and en; merged into ui.i18n.LABELS.

Refusals are not here (they are DeskError codes in core/messages_*.py). The Chinese names of
kinds, forms and statuses come from core (KIND_LABELS, FORM_LABELS, STATUS_LABELS); only
their English names live here.
"""

from __future__ import annotations

from desk_client.core.catalogue import FORM_LABELS, KIND_LABELS, ItemKind, MaterialForm
from desk_client.core.checklist import STATUS_LABELS, MaterialStatus
from desk_client.core.messages import normalise_language
from desk_client.core.notices import NOTICE_TITLES, NoticeKind

KIND_EN = {
    ItemKind.INSTANT: "instant",
    ItemKind.PROMISED: "promised",
    ItemKind.JOINT: "joint",
    ItemKind.ESCALATED: "escalated",
}
FORM_EN = {
    MaterialForm.ORIGINAL: "original",
    MaterialForm.COPY: "copy",
    MaterialForm.ELECTRONIC: "electronic",
}
STATUS_EN = {
    MaterialStatus.PRESENT: "present",
    MaterialStatus.MISSING: "missing",
    MaterialStatus.NONCONFORMING: "not conforming",
    MaterialStatus.NOT_APPLICABLE: "not applicable",
}
NOTICE_EN = {
    NoticeKind.ONE_TIME: "One-time notice",
    NoticeKind.ACCEPTANCE: "Acceptance notice",
    NoticeKind.REJECTION: "Rejection notice",
}


def _english(language: str) -> bool:
    return normalise_language(language) == "en"


def kind_text(kind: ItemKind, language: str) -> str:
    return KIND_EN[kind] if _english(language) else KIND_LABELS[kind]


def form_text(form: MaterialForm, language: str) -> str:
    return FORM_EN[form] if _english(language) else FORM_LABELS[form]


def status_text(status: MaterialStatus, language: str) -> str:
    return STATUS_EN[status] if _english(language) else STATUS_LABELS[status]


def notice_title(kind: NoticeKind, language: str) -> str:
    return NOTICE_EN[kind] if _english(language) else NOTICE_TITLES[kind]


LABELS: dict[str, tuple[str, str]] = {
    # key: (zh_CN, en)
    # the clerk window's pages
    "page.queue": ("叫号", "Queue"),
    "page.checklist": ("办件受理", "Applications"),
    "page.history": ("告知单记录", "Notices"),
    "page.supervisor": ("审批", "Approvals"),
    # item picker
    "picker.title": ("事项", "Service item"),
    "picker.hint": (
        "事项名称、编码、部门或拼音首字母（如 gjj）",
        "Name, code, department or pinyin initials (e.g. gjj)",
    ),
    "picker.code": ("事项编码", "Code"),
    "picker.name": ("事项名称", "Name"),
    "picker.department": ("实施部门", "Department"),
    "picker.kind": ("办件类型", "Kind"),
    "picker.weekend": ("5+2", "5+2"),
    "picker.weekend_mark": ("周末可办", "weekends"),
    "picker.weekday_only": ("仅工作日", "weekdays only"),
    "picker.none": ("没有找到符合“{query}”的事项", "No item matches “{query}”"),
    "picker.count": ("找到 {count} 项，↑↓ 选择，Enter 确定", "{count} found: ↑↓ to choose, Enter"),
    "picker.slip": ("打印预约提示单", "Print appointment slip"),
    "picker.calendar_missing": (
        "节假日日历未覆盖 {year} 年：今天按工作日处理，请管理员补录节假日安排",
        "The holiday calendar does not cover {year}: today counts as a working day; "
        "ask the administrator to enter the holidays",
    ),
    "picker.weekend_session": (
        "周末/节假日办理 (5+2)：只能受理周末可办的事项，其他事项请引导预约工作日办理",
        "Weekend/holiday session (5+2): only weekend items can be handled; "
        "book the others on a working day",
    ),
    # item card
    "item.none": ("请先选择事项（Ctrl+F）", "Choose a service item first (Ctrl+F)"),
    "item.line": ("{code} · {department} · {kind}", "{code} · {department} · {kind}"),
    "item.same_day": ("当场办结", "done on the spot"),
    "item.limit": ("承诺 {days} 个工作日", "promised in {days} working days"),
    "item.statutory": ("法定 {days} 个工作日", "statutory {days} working days"),
    "item.fee": ("收费：{fee}", "Fee: {fee}"),
    # applicant
    "applicant.title": ("申请人", "Applicant"),
    "applicant.person": ("个人", "Person"),
    "applicant.organisation": ("单位", "Organisation"),
    "applicant.name": ("姓名", "Name"),
    "applicant.org_name": ("单位名称", "Name"),
    "applicant.id": ("身份证号", "Resident ID"),
    "applicant.credit": ("统一社会信用代码", "Credit code"),
    "applicant.phone": ("联系电话", "Phone"),
    "applicant.contact": ("联系人", "Contact"),
    "applicant.reveal": ("显示", "Show"),
    "applicant.reveal_tip": (
        "显示完整证件号码（将记录查看人和时间）",
        "Show the full number (who and when is recorded)",
    ),
    "applicant.reveal_later": (
        "出具告知单后可查看完整号码（留痕）",
        "The full number can be shown once a notice is issued (recorded)",
    ),
    "applicant.edit_tip": (
        "按 Backspace 重新输入",
        "Press Backspace to type it again",
    ),
    "applicant.revealed": (
        "已显示 {number} 的证件号码（已记录）",
        "The ID number of {number} is shown (recorded)",
    ),
    # materials
    "mat.title": ("申请材料", "Materials"),
    "mat.name": ("材料名称", "Material"),
    "mat.form": ("形式", "Form"),
    "mat.copies": ("份数", "Copies"),
    "mat.need": ("是否必需", "Needed"),
    "mat.status": ("核对结果", "Status"),
    "mat.reason": ("不符合原因", "Reason"),
    "mat.required": ("必需", "required"),
    "mat.conditional": ("条件：{condition}", "if: {condition}"),
    "mat.unticked": ("未核对", "not checked"),
    "mat.reason_needed": ("请填写原因", "reason needed"),
    "mat.listed_mark": ("★ {name}", "★ {name}"),
    "mat.approved_mark": ("◆ {name}", "◆ {name}"),
    "mat.source": ("来源：{text}", "Where: {text}"),
    "mat.notes": ("说明：{text}", "Notes: {text}"),
    "mat.approval": ("主管 {name} 批准补要：{reason}", "Approved by {name}: {reason}"),
    "mat.legend": (
        "选中一行按 1 齐全 · 2 缺少 · 3 不符合要求（填写原因后 Enter）· 4 不适用",
        "Select a row, press 1 present · 2 missing · 3 not conforming (type the reason, Enter)"
        " · 4 not applicable",
    ),
    "mat.legend_return": (
        "★ 为原告知单所列材料；其他材料如需补要，须经主管批准",
        "★ listed on the earlier notice; anything else needs a supervisor's approval",
    ),
    "mat.progress": (
        "未核对 {unticked} 项 · 缺少或不符合 {problems} 项",
        "{unticked} not checked · {problems} missing or not conforming",
    ),
    "mat.complete": ("材料齐全，可以受理", "All materials present: ready to accept"),
    # actions
    "ck.issue": ("出具一次性告知单", "Issue one-time notice"),
    "ck.accept": ("受理", "Accept"),
    "ck.reject": ("不予受理", "Reject"),
    "ck.clear": ("清空", "Clear"),
    "ck.return_label": ("告知单编号", "Notice number"),
    "ck.return_hint": (
        "补正：输入或扫描告知单上的编号/二维码，Enter 打开",
        "Return visit: type or scan the notice number or QR code, Enter",
    ),
    "ck.return_open": ("打开", "Open"),
    "ck.return_opened": (
        "已打开告知单 {number}：原告知材料 {count} 项",
        "Notice {number} opened: {count} materials were listed",
    ),
    "ck.issued": ("已出具 {title} {number}", "{title} {number} issued"),
    "ck.done_hint": (
        "{number} 已出具；按 Ctrl+N 清空后办理下一件",
        "{number} is issued; press Ctrl+N to clear for the next application",
    ),
    "ck.cleared": ("已清空，可以办理下一件", "Cleared: ready for the next application"),
    "ck.print80": ("打印 80mm", "Print 80 mm"),
    "ck.printA4": ("打印 A4", "Print A4"),
    "ck.book_return": ("预约补正时间", "Book the return visit"),
    "ck.printed": ("已打印 {number}（{where}）", "{number} printed ({where})"),
    "ck.last_notice": ("{title} {number} · {status}", "{title} {number} · {status}"),
    "ck.awaiting": (
        "主管批准后即可打印；本页自动查询审批结果",
        "Prints once the supervisor approves; this page checks for the decision by itself",
    ),
    "ck.approved": ("主管已批准，可以打印", "Approved by the supervisor: ready to print"),
    "ck.returned": ("主管退回：{comment}", "Returned by the supervisor: {comment}"),
    "ck.not_printable": (
        "{number} 尚未批准，不能打印",
        "{number} is not approved yet and cannot be printed",
    ),
    "notice.status.issued": ("已出具", "issued"),
    "notice.status.awaiting_approval": ("等待主管审批", "awaiting approval"),
    "notice.status.reported": ("已打印并报备", "printed and reported"),
    "notice.status.approved": ("主管已批准", "approved"),
    "notice.status.returned": ("主管已退回", "returned"),
    # reject dialog
    "reject.title": ("不予受理", "Reject the application"),
    "reject.ground": ("不予受理理由", "Ground"),
    "reject.written": ("其他（手工填写）", "Other (write it)"),
    "reject.reason": ("理由", "Reason"),
    "reject.basis": ("法律依据", "Legal basis"),
    "reject.note": (
        "不予受理将报主管审批（否定报备）；通知书载明申请人的陈述、申辩、复议和诉讼权利。",
        "A rejection is reported to the supervisor; the notice states the applicant's "
        "rights to state, defend, seek review and sue.",
    ),
    "reject.ok": ("不予受理", "Reject"),
    "dialog.cancel": ("取消", "Cancel"),
    # supervisor approval of an exception to the one-time rule
    "approval.title": ("补要材料须主管批准", "A supervisor must approve this request"),
    "approval.intro": (
        "“{material}”不在告知单 {number} 所列材料中。"
        "按一次性告知规定，补要须经主管批准并写明理由。",
        "“{material}” was not listed on notice {number}. Under the one-time rule, asking for "
        "it needs a supervisor's approval with a written reason.",
    ),
    "approval.supervisor": ("主管工号", "Supervisor no."),
    "approval.password": ("主管密码", "Password"),
    "approval.reason": ("补要理由", "Reason"),
    "approval.ok": ("批准补要", "Approve"),
    "approval.done": (
        "主管 {name} 已批准补要“{material}”",
        "{name} approved asking for “{material}”",
    ),
    # history
    "history.search": (
        "按告知单编号、申请人或事项查找",
        "Search by number, applicant or item",
    ),
    "history.number": ("编号", "Number"),
    "history.kind": ("类型", "Kind"),
    "history.item": ("事项", "Item"),
    "history.applicant": ("申请人", "Applicant"),
    "history.status": ("状态", "Status"),
    "history.clerk": ("经办人", "Clerk"),
    "history.time": ("时间", "Time"),
    "history.refresh": ("刷新", "Refresh"),
    "history.reveal": ("显示证件号", "Show ID"),
    "history.count": ("共 {count} 份", "{count} notices"),
    "history.revealed": (
        "{number} · {name} · 证件号码 {id}（本次查看已记录）",
        "{number} · {name} · ID number {id} (this look is recorded)",
    ),
    "history.pick": ("请先选中一份告知单", "Select a notice first"),
    # supervisor view
    "super.pending": ("待审批的不予受理报备", "Rejection reports awaiting approval"),
    "super.recent": ("已审批", "Decided"),
    "super.exceptions": ("一次性告知的例外（补要材料）", "Exceptions to the one-time rule"),
    "super.number": ("通知书编号", "Number"),
    "super.item": ("事项", "Item"),
    "super.applicant": ("申请人", "Applicant"),
    "super.clerk": ("经办人", "Clerk"),
    "super.reason": ("理由", "Reason"),
    "super.basis": ("依据", "Basis"),
    "super.time": ("报备时间", "Reported"),
    "super.status": ("结果", "Decision"),
    "super.decided_at": ("审批时间", "Decided"),
    "super.approved_at": ("批准时间", "Approved"),
    "super.comment": ("审批意见", "Comment"),
    "super.comment_hint": (
        "审批意见（退回时必填）",
        "Comment (required to return)",
    ),
    "super.approve": ("批准", "Approve"),
    "super.return": ("退回", "Return"),
    "super.refresh": ("刷新", "Refresh"),
    "super.decided": ("{number} {decision}", "{number} {decision}"),
    "super.none": ("暂无待审批的报备", "Nothing awaits approval"),
    "super.count": ("待审批 {count} 件", "{count} awaiting approval"),
    "super.material": ("补要材料", "Material"),
    "super.by": ("批准主管", "Supervisor"),
    "super.status.pending": ("待审批", "pending"),
    "super.status.approved": ("已批准", "approved"),
    "super.status.returned": ("已退回", "returned"),
}
