"""The materials model and its table (材料核对) and the checklist's labels, offscreen.

The model is checked by qtmodeltester; the table is ticked with the keys 1-4; a refused tick
(不适用 for a required material, an over-long reason, a new demand on a return visit without a
supervisor's approval) is told and changes nothing.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desk_client.core.catalogue import ItemKind, Material, MaterialForm, ServiceItem
from desk_client.core.checklist import ExceptionApproval, MaterialCheck, MaterialStatus
from desk_client.ui.i18n import Labels
from desk_client.ui.i18n_checklist import LABELS as CHECKLIST_LABELS
from desk_client.ui.materials_model import LISTED_BACKGROUND, REASON, STATUS, MaterialsModel
from desk_client.ui.materials_view import MaterialsView

ITEM = ServiceItem(
    code="SF-TEST-01",
    name="住房公积金提取",
    department="示范市住房公积金中心",
    category="B",
    kind=ItemKind.INSTANT,
    materials=(
        Material("居民身份证", MaterialForm.ORIGINAL),
        Material("提取申请表", MaterialForm.ORIGINAL, copies=2, source="窗口领取"),
        Material("委托书", MaterialForm.ORIGINAL, required=False, condition="委托他人办理的"),
    ),
)


def model_with(language: str = "zh_CN") -> MaterialsModel:
    model = MaterialsModel(Labels(language))
    model.load(ITEM)
    return model


def test_the_materials_model_is_a_sound_qt_model(qtmodeltester: ModelTester) -> None:
    model = model_with()
    qtmodeltester.check(model, force_py=True)  # it keeps watching every change below
    model.set_status(0, MaterialStatus.PRESENT)
    model.set_status(1, MaterialStatus.NONCONFORMING)
    model.set_reason(1, "未签字")
    model.load(ITEM, listed=["提取申请表"])
    model.set_status(1, MaterialStatus.MISSING)
    model.load(None)
    assert model.rowCount() == 0


def test_rows_say_form_copies_need_and_status_in_words() -> None:
    model = model_with()
    texts = [[model.index(r, c).data() for c in range(6)] for r in range(3)]
    assert texts[0] == ["居民身份证", "原件", "1", "必需", "未核对", ""]
    assert texts[1][:3] == ["提取申请表", "原件", "2"]
    assert texts[2][3] == "条件：委托他人办理的"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "来源：窗口领取"
    english = model_with("en")
    assert english.index(0, 3).data() == "required"
    assert english.headerData(STATUS, Qt.Orientation.Horizontal) == "Status"


def test_keys_1_to_4_tick_the_selected_row_and_move_on(qtbot: QtBot) -> None:
    model = model_with()
    view = MaterialsView(model)
    qtbot.addWidget(view)
    view.show()
    view.setFocus()
    assert view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert model.row_at(0).status is MaterialStatus.PRESENT
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert model.row_at(1).status is MaterialStatus.MISSING
    qtbot.keyClick(view, Qt.Key.Key_4)  # conditional: 不适用 is allowed
    assert model.row_at(2).status is MaterialStatus.NOT_APPLICABLE
    assert model.counts() == (0, 1)
    assert model.checks() == (
        MaterialCheck("居民身份证", MaterialStatus.PRESENT),
        MaterialCheck("提取申请表", MaterialStatus.MISSING),
        MaterialCheck("委托书", MaterialStatus.NOT_APPLICABLE),
    )


def test_key_3_asks_for_the_reason_in_place(qtbot: QtBot) -> None:
    model = model_with()
    view = MaterialsView(model)
    qtbot.addWidget(view)
    view.show()
    view.setFocus()
    view.selectRow(1)
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert model.row_at(1).status is MaterialStatus.NONCONFORMING
    assert view.state() == view.State.EditingState
    assert model.index(1, REASON).data() == "请填写原因"
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.insert("未签字")  # as an input method commits it (QTest types ASCII only)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on a queued call
    qtbot.waitUntil(lambda: model.row_at(1).reason == "未签字")
    assert model.checks()[0] == MaterialCheck("提取申请表", MaterialStatus.NONCONFORMING, "未签字")


def test_a_refused_tick_is_told_and_changes_nothing(qtbot: QtBot) -> None:
    model = model_with()
    model.set_status(0, MaterialStatus.PRESENT)
    with qtbot.waitSignal(model.refused) as refused:
        assert not model.set_status(0, MaterialStatus.NOT_APPLICABLE)  # required material
    assert refused.args == ["材料“居民身份证”是必需材料，不能选“不适用”"]
    assert model.row_at(0).status is MaterialStatus.PRESENT
    assert not model.setData(model.index(0, STATUS), "no-such-status")
    assert not model.set_reason(0, "x")  # a reason only for 不符合要求
    model.set_status(1, MaterialStatus.NONCONFORMING)
    with qtbot.waitSignal(model.refused):
        assert not model.set_reason(1, "长" * 1000)
    assert model.row_at(1).reason == ""


def test_a_return_visit_allows_only_what_the_notice_listed(qtbot: QtBot) -> None:
    model = MaterialsModel(Labels("zh_CN"))
    model.load(ITEM, listed=["提取申请表"])
    assert model.return_visit
    assert [model.row_at(r).status for r in range(3)] == [
        MaterialStatus.PRESENT,
        None,  # listed: the clerk checks it again
        MaterialStatus.NOT_APPLICABLE,  # conditional, not asked for: not taken as received
    ]
    assert model.index(1, 0).data() == "★ 提取申请表"
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor(LISTED_BACKGROUND)
    assert model.set_status(1, MaterialStatus.MISSING)  # listed: may still be missing

    with qtbot.waitSignal(model.new_demand) as demand:
        assert not model.set_status(0, MaterialStatus.MISSING)
    name, status, text = demand.args
    assert (name, status) == ("居民身份证", MaterialStatus.MISSING)
    assert "不在上次的一次性告知单中" in text
    assert model.row_at(0).status is MaterialStatus.PRESENT  # nothing changed

    approval = ExceptionApproval("居民身份证", "原件已过期", "S001", "王主任", datetime.now(UTC))
    model.add_approval(approval)
    assert model.set_status(0, MaterialStatus.MISSING)
    assert model.approvals() == (approval,)
    assert model.index(0, 0).data() == "◆ 居民身份证"
    assert "王主任" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize("role", [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
def test_invalid_indexes_have_no_data(role: Qt.ItemDataRole) -> None:
    model = model_with()
    assert model.data(QModelIndex(), role) is None
    assert not model.setData(QModelIndex(), "present")
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


@pytest.mark.parametrize("key", sorted(CHECKLIST_LABELS))
def test_every_checklist_label_speaks_both_languages_alike(key: str) -> None:
    zh, en = CHECKLIST_LABELS[key]
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
    assert fields[0] == fields[1]
    assert zh.strip() and en.strip()
    assert Labels("en")(key, **dict.fromkeys(fields[1], "x")) != key
