"""导入往年材料: read old reports, review what they propose beside the document, apply as undoable batches.

    OldReportDialog(context, paths, parent, unit_id=None).exec()

Reading and applying run on BackgroundOp with progress and cancel; nothing is written before 导入.
"""

from gui.oldreport_wizard.dialog import OldReportDialog

__all__ = ["OldReportDialog"]
