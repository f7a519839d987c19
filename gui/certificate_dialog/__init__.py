"""Certificates in (issue 17): recognise photos and scans, review the proposed honours, save them.

start     the action: choose files or a folder (or drop them), recognise off the GUI thread
dialog    the review: image beside the prefilled form; for several, a table to accept or reject
"""

from gui.certificate_dialog.start import (
    CertificateRecognition,
    action_text,
    dropped_certificates,
)

__all__ = ["CertificateRecognition", "action_text", "dropped_certificates"]
