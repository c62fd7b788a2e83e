"""Every label the Qt program shows, in zh_CN and en (config.language picks).

Refusals are not here: they come from the services as DeskError codes and are translated by
core.messages. These are only the words on buttons, headers and screens.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from desk_client.core.messages import normalise_language, state_name
from desk_client.services.dto import WindowInfo

#: The label blocks of the pages behind the queue, merged into LABELS at the first lookup of
#: a key LABELS lacks: they name things after core modules (checklists, notices, ratings),
#: which the login dialog then paints without importing (~0.1 s on a slow PC).
BLOCKS = (
    "desk_client.ui.i18n_checklist",
    "desk_client.ui.i18n_cases",
    "desk_client.ui.i18n_inquiries",
    "desk_client.ui.i18n_ratings",
    "desk_client.ui.i18n_appointments",
    "desk_client.ui.i18n_queue_stats",
)
_merging = threading.Lock()
_merged: list[bool] = []  # [True] once BLOCKS are in LABELS

LABELS: dict[str, tuple[str, str]] = {
    # key: (zh_CN, en)
    "app.title": ("政务服务中心窗口", "Service hall window"),
    "login.title": ("窗口登录", "Window login"),
    "login.staff_no": ("工号", "Staff number"),
    "login.password": ("密码", "Password"),
    "login.window": ("窗口", "Window"),
    "login.submit": ("登录 (Enter)", "Log in (Enter)"),
    "login.loading": ("正在连接…", "Connecting…"),
    "login.no_window": ("不选择窗口", "No window"),
    "window.item": ("{number} 号窗口 · {name}", "Window {number} · {name}"),
    "clerk.title": ("{window} 号窗口 · {name}", "Window {window} · {name}"),
    "clerk.no_ticket": ("当前无号", "No ticket"),
    "clerk.press_call": ("按 F1 叫下一位", "Press F1 to call the next person"),
    "clerk.press_emergency": (
        "离线模式：现场来人请按 F8 发应急号",
        "Offline: press F8 to give a walk-in an emergency number",
    ),
    "clerk.calls": ("第 {count} 次呼叫", "called {count}×"),
    "clerk.call": ("叫号", "Call next"),
    "clerk.recall": ("重呼", "Recall"),
    "clerk.no_show": ("过号", "No-show"),
    "clerk.finish": ("办结", "Finish"),
    "clerk.transfer": ("转移", "Transfer"),
    "clerk.hold": ("挂起", "Hold"),
    "clerk.resume": ("恢复办理", "Resume"),
    "clerk.reinstate": ("过号恢复", "Reinstate"),
    "clerk.reinstate_hint": (
        "输入或扫描过号的号码，如 A003",
        "Type or scan the no-show number, e.g. A003",
    ),
    "clerk.queues": ("等候人数", "Waiting"),
    "clerk.served": ("今日已办", "Served today"),
    "clerk.held": ("挂起的号", "On hold"),
    "clerk.called": ("已叫 {number}", "Called {number}"),
    "clerk.nobody": ("当前没有等候的号", "No one is waiting"),
    "clerk.done": ("{number} {action}", "{number} {action}"),
    "clerk.reinstated": ("{number} 已恢复排队", "{number} is back in the queue"),
    "clerk.logout": ("退出登录", "Log out"),
    "clerk.logout_busy": (
        "请先办结、挂起、转移或过号当前的 {number}，再退出登录",
        "Finish, hold, transfer or mark {number} as a no-show before logging out",
    ),
    "status.online": ("在线 · {backend}", "Online · {backend}"),
    "status.offline": ("离线 · {backend}", "Offline · {backend}"),
    "status.unknown": ("正在检查连接…", "Checking connection…"),
    "status.window": ("{window} 号窗口", "Window {window}"),
    "status.staff": ("{name}（{staff_no}）", "{name} ({staff_no})"),
    "status.pending": ("待处理 {count}", "Pending {count}"),
    "banner.offline": (
        "无法连接中心数据库…正在重试（每 {seconds} 秒）",
        "Cannot reach the central database… retrying (every {seconds} s)",
    ),
    # offline mode and sync (issue 3)
    "mode.online": ("中心在线", "Central online"),
    "mode.offline": ("离线模式", "Offline mode"),
    "mode.banner_online": ("中心在线 · {sync}", "Central database online · {sync}"),
    "mode.banner_offline": (
        "离线模式 · 无法连接中心数据库，每 {seconds} 秒自动重试。本窗口照常办理本地业务；"
        "共享队列暂停叫号，现场来人请按 F8 发应急号。{sync}",
        "Offline mode · the central database cannot be reached; retrying every {seconds} s. "
        "Local work goes on; the shared queue is paused: press F8 to give a walk-in an "
        "emergency number. {sync}",
    ),
    "mode.status": ("{mode} · {backend}", "{mode} · {backend}"),
    "sync.pending": ("待同步 {count} 条，最早 {oldest}", "{count} to sync, oldest {oldest}"),
    "sync.all_sent": ("已全部同步", "All synced"),
    "sync.rejected": ("被拒事件 {count} 条", "{count} rejected"),
    "sync.rejected_title": ("被中心拒收的事件", "Events the central database rejected"),
    "sync.rejected_hint": (
        "以下事件无法写入中心数据库，已记录原因；请报告主管或管理员处理。",
        "These events could not be applied centrally; their reasons are kept. "
        "Tell a supervisor or the administrator.",
    ),
    "sync.close": ("关闭", "Close"),
    "event.staff.session": ("登录/退出", "Login/logout"),
    "event.ticket.emergency": ("应急号", "Emergency number"),
    "emergency.title": ("应急号（离线服务）", "Emergency numbers (offline service)"),
    "emergency.issue": ("发应急号", "Emergency number"),
    "emergency.category": ("业务类别", "Category"),
    "emergency.category_hint": ("类别字母，如 A", "Category letter, e.g. A"),
    "emergency.issued": ("已发应急号 {number}", "Emergency number {number} issued"),
    "emergency.serving": ("应急号 · 办理中", "Emergency number · serving"),
    "emergency.online": (
        "中心在线：请按 F1 从共享队列叫号，应急号只在离线时使用",
        "The central database is online: press F1 to call from the shared queue; "
        "emergency numbers are for offline mode only",
    ),
    "col.seq": ("序号", "Seq."),
    "col.event": ("事件", "Event"),
    "col.reason": ("原因", "Reason"),
    "transfer.title": ("转移号票", "Transfer ticket"),
    "transfer.to_category": ("转到业务类别", "To category"),
    "transfer.to_window": ("转到窗口", "To window"),
    "transfer.ok": ("转移", "Transfer"),
    "transfer.cancel": ("取消", "Cancel"),
    "col.category": ("业务类别", "Category"),
    "col.waiting": ("等候", "Waiting"),
    "col.estimate": ("预计等候", "Est. wait"),
    "col.number": ("号码", "Number"),
    "col.state": ("状态", "State"),
    "col.time": ("时间", "Time"),
    "col.window": ("窗口", "Window"),
    "col.issued": ("取号时间", "Issued"),
    "minutes": ("{minutes} 分钟", "{minutes} min"),
    "customer.invite": (
        "请{number}号到{window}号窗口办理",
        "{number}, please go to window {window}",
    ),
    "customer.idle": ("{window} 号窗口", "Window {window}"),
    "customer.welcome": ("欢迎光临", "Welcome"),
    "display.title": ("叫号信息", "Now calling"),
    "display.latest": ("请到 {window} 号窗口", "Please go to window {window}"),
    "display.none": ("暂无叫号", "No calls yet"),
    "display.window_no": ("{window} 号窗口", "Window {window}"),
    "display.queues": ("等候人数", "Waiting"),
    "kiosk.title": ("自助取号", "Take a ticket"),
    "kiosk.choose": ("请选择办理的业务", "Choose your service"),
    "kiosk.priority": (
        "绿色通道（老年人、残疾人、孕妇、军人）",
        "Priority lane (elderly, disabled, pregnant, veterans)",
    ),
    "kiosk.appointment": ("预约签到", "Appointment check-in"),
    "kiosk.appointment_hint": ("输入预约号，如 YY0001", "Appointment code, e.g. YY0001"),
    "kiosk.check_in": ("签到取号", "Check in"),
    "kiosk.issued": ("您的号码", "Your number"),
    "kiosk.ahead": ("前面还有 {count} 人", "{count} ahead of you"),
    "kiosk.wait": ("预计等候 {minutes} 分钟", "About {minutes} min"),
    "kiosk.printed": ("请取走号票", "Please take your slip"),
    "kiosk.waiting_now": ("{count} 人等候", "{count} waiting"),
    "print.saved": ("已保存 {path}", "Saved {path}"),
    "print.title": ("打印预览", "Print preview"),
    "error.unexpected": (
        "操作未完成：程序内部错误，已记录日志，请重试或联系管理员",
        "The action did not complete: an internal error was logged; retry or call support",
    ),
    "config.error_title": ("配置错误", "Configuration error"),
    "voice.call": (
        "请{number}号到{window}号窗口办理",
        "Number {number}, please go to window {window}",
    ),
}


def merge_blocks() -> None:
    """Merge BLOCKS into LABELS once (any thread); a key in two places is a RuntimeError."""
    with _merging:
        if _merged:
            return
        every = dict(LABELS)
        for name in BLOCKS:
            block: dict[str, tuple[str, str]] = importlib.import_module(name).LABELS
            if every.keys() & block.keys():  # one key, one meaning
                raise RuntimeError(f"label clash: {sorted(every.keys() & block.keys())}")
            every.update(block)
        LABELS.update(every)
        _merged.append(True)


def entry_of(key: str) -> tuple[str, str] | None:
    entry = LABELS.get(key)
    if entry is None and not _merged:
        merge_blocks()
        entry = LABELS.get(key)
    return entry


def tr(key: str, language: str = "zh_CN", **params: Any) -> str:
    """The label ``key`` in ``language``, formatted with ``params``; unknown keys show as-is."""
    entry = entry_of(key)
    if entry is None:
        return key
    text = entry[1] if normalise_language(language) == "en" else entry[0]
    return text.format(**params) if params else text


class Labels:
    """``tr`` bound to one language, so widgets write ``self.t("clerk.call")``."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **params: Any) -> str:
        return tr(key, self.language, **params)

    def state(self, state: str) -> str:
        return state_name(state, self.language)

    def event(self, event_type: str) -> str:
        """An outbox event type as a clerk reads it (unknown types show as they are)."""
        key = f"event.{event_type}"
        return self(key) if entry_of(key) is not None else event_type


def window_text(labels: Labels, window: WindowInfo) -> str:
    """A window as a clerk names it: its own name when it has one (综合窗口), else its number."""
    if window.name and str(window.number) in window.name:
        return window.name
    return labels("window.item", number=window.number, name=window.name or "")
