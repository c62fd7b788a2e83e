"""Message catalogue for every user-facing refusal and notice (zh_CN first, then en).

Keys are stable codes; the front ends translate with :func:`translate`. Parameters are
formatted with str.format, so a message may name the ticket, the window or the file.
"""

from __future__ import annotations

from typing import Any

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # queue
    "ticket.transition_forbidden": {
        "zh_CN": "号票 {number} 当前为“{state}”，不能{action}",
        "en": "Ticket {number} is {state_en}; it cannot be {action_en}",
    },
    "ticket.not_found": {"zh_CN": "找不到号票 {number}", "en": "No ticket {number}"},
    "ticket.other_hall": {
        "zh_CN": "号票 {number} 不是本大厅的号",
        "en": "Ticket {number} belongs to another hall",
    },
    "ticket.not_today": {
        "zh_CN": "号票 {number} 不是今天的号，不能再叫",
        "en": "Ticket {number} is not from today and cannot be called",
    },
    "ticket.recall_limit": {
        "zh_CN": "号票 {number} 已呼叫 {calls} 次未到，已按过号处理",
        "en": "Ticket {number} was called {calls} times without answer and is now a no-show",
    },
    "queue.empty": {"zh_CN": "当前没有等候的号", "en": "No one is waiting"},
    "queue.window_busy": {
        "zh_CN": "本窗口正在办理 {number}，请先办结、过号或挂起",
        "en": "This window is serving {number}; finish, mark no-show or hold it first",
    },
    "queue.no_current": {"zh_CN": "本窗口当前没有号", "en": "This window has no current ticket"},
    # the call found tickets waiting, every one of them being called at another window
    "queue.all_held": {
        "zh_CN": "等候的号正被其他窗口叫号，请稍后再按叫号",
        "en": "Every waiting ticket is being called at another window; call again in a moment",
    },
    "queue.unknown_category": {
        "zh_CN": "没有业务类别“{category}”",
        "en": "There is no category '{category}'",
    },
    "queue.unknown_window": {"zh_CN": "没有 {window} 号窗口", "en": "There is no window {window}"},
    "queue.window_serves_nothing": {
        "zh_CN": "{window} 号窗口没有配置任何业务类别，无法叫号",
        "en": "Window {window} serves no category, so it cannot call",
    },
    "queue.transfer_target_missing": {
        "zh_CN": "转移时请选择业务类别或窗口",
        "en": "Choose a category or a window to transfer to",
    },
    "queue.transfer_same_window": {
        "zh_CN": "不能转移到本窗口",
        "en": "A ticket cannot be transferred to the same window",
    },
    "queue.reinstate_other_day": {
        "zh_CN": "号票 {number} 不是今天的号，不能恢复",
        "en": "Ticket {number} is not from today and cannot be reinstated",
    },
    "appointment.not_found": {
        "zh_CN": "预约号 {code} 不存在",
        "en": "There is no appointment {code}",
    },
    "appointment.used": {
        "zh_CN": "预约号 {code} 已签到",
        "en": "Appointment {code} has already been checked in",
    },
    "appointment.wrong_day": {
        "zh_CN": "预约号 {code} 预约的是 {day}，不是今天",
        "en": "Appointment {code} is booked for {day}, not today",
    },
    # staff and login
    "auth.failed": {"zh_CN": "工号或密码错误", "en": "Wrong staff number or password"},
    "auth.empty": {"zh_CN": "请输入工号和密码", "en": "Enter staff number and password"},
    "staff.duplicate": {
        "zh_CN": "工号 {staff_no} 已存在",
        "en": "Staff number {staff_no} already exists",
    },
    "staff.bad_role": {
        "zh_CN": "角色“{role}”无效，应为 clerk、supervisor 或 admin",
        "en": "Role '{role}' is not one of clerk, supervisor, admin",
    },
    "staff.weak_password": {
        "zh_CN": "密码至少需要 {min} 个字符",
        "en": "The password needs at least {min} characters",
    },
    "staff.not_found": {
        "zh_CN": "没有在职的工作人员 {staff_no}",
        "en": "There is no active staff member {staff_no}",
    },
    "hall.not_found": {"zh_CN": "没有大厅“{hall}”", "en": "There is no hall '{hall}'"},
    # central database
    "central.unreachable": {
        "zh_CN": "无法连接中心数据库（{detail}），正在重试",
        "en": "The central database is unreachable ({detail}); retrying",
    },
    "central.not_initialised": {
        "zh_CN": "中心数据库尚未初始化，请先运行 desk-admin init-db",
        "en": "The central database is not initialised; run desk-admin init-db",
    },
    # configuration
    "config.syntax": {
        "zh_CN": "配置文件 {file} 第 {line} 行有语法错误：{detail}",
        "en": "Config file {file}, line {line}: syntax error: {detail}",
    },
    "config.bad_value": {
        "zh_CN": "配置文件 {file} 第 {line} 行，键 {key}：{detail}",
        "en": "Config file {file}, line {line}, key {key}: {detail}",
    },
    "config.unknown_key": {
        "zh_CN": "配置文件 {file} 第 {line} 行：未知的键 {key}",
        "en": "Config file {file}, line {line}: unknown key {key}",
    },
    "config.bad_env": {
        "zh_CN": "环境变量 {var} 的值无效：{detail}",
        "en": "Environment variable {var} is invalid: {detail}",
    },
    "config.unreadable": {
        "zh_CN": "无法读取配置文件 {file}：{detail}",
        "en": "Cannot read config file {file}: {detail}",
    },
    "print.failed": {"zh_CN": "打印失败：{detail}", "en": "Printing failed: {detail}"},
    "print.no_printer": {
        "zh_CN": "找不到打印机“{name}”，请检查配置文件中的 [printer] name",
        "en": "Printer '{name}' not found; check [printer] name in the config file",
    },
    # printing (desk_client/printing/: fonts, slips, rasterising)
    "print.unreadable_pdf": {
        "zh_CN": "无法读取要打印的文档：{detail}",
        "en": "The document to print cannot be read: {detail}",
    },
    "print.font_fallback": {
        "zh_CN": "配置的字体 {path} 无法使用（文件不存在、不是 TrueType 字体或缺少中文字形），"
        "已改用 {font}",
        "en": "The configured font {path} cannot be used (missing, not TrueType, or without "
        "Chinese glyphs); using {font} instead",
    },
    "print.no_cjk_font": {
        "zh_CN": "未找到可嵌入的中文字体，凭条改用内置宋体 {font}（需打印机或阅读器自带）",
        "en": "No embeddable Chinese font was found; slips use the built-in {font}, which the "
        "printer or viewer must supply",
    },
    # central claim hot path (叫号): every pooled connection busy
    "central.busy": {
        "zh_CN": "中心数据库繁忙，请稍后再试",
        "en": "The central database is busy; please try again in a moment",
    },
    # sync engine, offline walk-ins, audit (issue 3: desk_client/sync, services/sync.py,
    # services/offline.py)
    "sync.gap": {
        "zh_CN": "设备 {device} 的事件序号不连续：应为 {expected}，收到 {got}，已拒收",
        "en": "Device {device} sent event {got} but {expected} was expected; refused",
    },
    "sync.chain_broken": {
        "zh_CN": "设备 {device} 的事件 {seq} 未通过哈希链校验（{problem}），已拒收",
        "en": "Event {seq} of device {device} fails the hash chain ({problem}); refused",
    },
    "sync.device_other_hall": {
        "zh_CN": "设备 {device} 已登记在其他大厅，不能同步到本大厅",
        "en": "Device {device} is registered to another hall and cannot sync here",
    },
    "sync.schema_mismatch": {
        "zh_CN": "中心数据库结构版本为 {central}，本程序支持 {low} 至 {high}，暂停同步；"
        "本地业务照常进行，待升级后自动补传",
        "en": "The central database schema is version {central}; this program speaks "
        "{low} to {high}. Sync is paused; local work continues and is sent after an upgrade",
    },
    "sync.no_local_store": {
        "zh_CN": "未配置本地数据库（database.local），无法离线记录",
        "en": "No local store is configured (database.local); nothing can be recorded offline",
    },
    "offline.bad_category": {
        "zh_CN": "请选择应急号的业务类别",
        "en": "Choose a category for the emergency number",
    },
    "offline.bad_window": {
        "zh_CN": "窗口号 {window} 无效",
        "en": "Window {window} is not a valid window number",
    },
    "offline.not_found": {
        "zh_CN": "{window} 号窗口今天没有应急号 {number}",
        "en": "Window {window} has no emergency number {number} today",
    },
    "offline.already_finished": {
        "zh_CN": "应急号 {number} 已办结",
        "en": "Emergency number {number} is already finished",
    },
    # offline mode in the window program (issue 3 follow-up: desk_client/ui)
    "offline.no_shared_queue": {
        "zh_CN": "离线模式：共享队列在中心数据库，现在无法连接，不能叫号；"
        "现场来人请按 F8 发应急号，恢复连接后自动补传",
        "en": "Offline mode: the shared queue lives in the central database, which cannot be "
        "reached, so nobody can be called; press F8 to give a walk-in an emergency number "
        "(it is sent once the connection is back)",
    },
    # offline login from the login cache (issue 3 follow-up: services/login_cache.py,
    # store/local_cache.py)
    "auth.offline_unknown": {
        "zh_CN": "中心数据库现在无法连接，而工号 {staff_no} 从未在本机联网登录过，无法离线登录。"
        "离线登录需要先在中心数据库可用时在本机登录一次",
        "en": "The central database cannot be reached and staff number {staff_no} has never "
        "logged in on this PC while online, so it cannot log in offline. Offline login needs "
        "one online login on this PC first",
    },
    "auth.offline_expired": {
        "zh_CN": "中心数据库现在无法连接，而本机保存的工号 {staff_no} 的登录已超过 {days} 天"
        "未经中心数据库确认，无法离线登录。请在中心数据库可用时登录一次",
        "en": "The central database cannot be reached and the login this PC keeps for staff "
        "number {staff_no} has not been confirmed by it for over {days} days, so it cannot "
        "log in offline. Log in once while the central database is reachable",
    },
    "audit.ok": {
        "zh_CN": "审计通过：{devices} 台设备，{events} 条事件，哈希链完整",
        "en": "Audit OK: {devices} devices, {events} events, every hash chain intact",
    },
    "devices.row": {
        "zh_CN": "机位 {desk}\t设备 {device}\t登记于 {registered}\t已推送事件 {events}{mark}",
        "en": "desk {desk}\tdevice {device}\tregistered {registered}\tevents pushed {events}{mark}",
    },
    "devices.this_pc": {"zh_CN": "\t（本机）", "en": "\t(this PC)"},
    "devices.no_desk": {"zh_CN": "未分配", "en": "none yet"},
    "devices.none": {
        "zh_CN": "本大厅还没有设备连接过中心数据库",
        "en": "No PC of this hall has reached the central database yet",
    },
    "audit.break": {
        "zh_CN": "设备 {device} 序号 {seq}：{problem}",
        "en": "device {device} sequence {seq}: {problem}",
    },
}

STATE_NAMES: dict[str, dict[str, str]] = {
    "waiting": {"zh_CN": "等候", "en": "waiting"},
    "called": {"zh_CN": "已叫号", "en": "called"},
    "serving": {"zh_CN": "办理中", "en": "serving"},
    "done": {"zh_CN": "已办结", "en": "done"},
    "no_show": {"zh_CN": "过号", "en": "no-show"},
    "held": {"zh_CN": "挂起", "en": "on hold"},
    "cancelled": {"zh_CN": "已取消", "en": "cancelled"},
    "closed": {"zh_CN": "日终关闭", "en": "closed at day end"},
}

ACTION_NAMES: dict[str, dict[str, str]] = {
    "call": {"zh_CN": "叫号", "en": "called"},
    "recall": {"zh_CN": "重呼", "en": "recalled"},
    "start": {"zh_CN": "开始办理", "en": "started"},
    "finish": {"zh_CN": "办结", "en": "finished"},
    "no_show": {"zh_CN": "过号", "en": "marked no-show"},
    "transfer": {"zh_CN": "转移", "en": "transferred"},
    "hold": {"zh_CN": "挂起", "en": "held"},
    "resume": {"zh_CN": "恢复办理", "en": "resumed"},
    "cancel": {"zh_CN": "取消", "en": "cancelled"},
    "reinstate": {"zh_CN": "恢复排队", "en": "reinstated"},
    "close": {"zh_CN": "日终关闭", "en": "closed"},
}


def _merge_blocks() -> None:
    """Each part of the program keeps its messages in a module of its own, merged here."""
    from desk_client.core import (
        messages_appointments,
        messages_cases,
        messages_catalogue,
        messages_checklist,
        messages_inquiries,
        messages_notices,
        messages_queue_stats,
        messages_ratings,
    )

    blocks = (messages_catalogue, messages_checklist, messages_notices, messages_cases)
    later = (messages_inquiries, messages_ratings, messages_appointments, messages_queue_stats)
    for block in (*blocks, *later):
        clash = MESSAGES.keys() & block.MESSAGES.keys()
        if clash:
            raise RuntimeError(f"message codes defined twice: {sorted(clash)}")
        MESSAGES.update(block.MESSAGES)


_merge_blocks()


def normalise_language(language: str) -> str:
    """Map 'zh', 'zh-CN', 'en_US', ... onto a supported catalogue language."""
    lowered = language.replace("-", "_").lower()
    if lowered.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def translate(code: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    text = entry[normalise_language(language)]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def state_name(state: str, language: str = DEFAULT_LANGUAGE) -> str:
    return STATE_NAMES.get(state, {}).get(normalise_language(language), state)


def action_name(action: str, language: str = DEFAULT_LANGUAGE) -> str:
    return ACTION_NAMES.get(action, {}).get(normalise_language(language), action)
