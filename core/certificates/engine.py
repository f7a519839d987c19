"""The OCR engine: rapidocr-onnxruntime 1.4.x, an optional component, loaded once per process.

Version 1.4.x carries its Chinese detection and recognition models inside the package and reads them
from there; nothing is downloaded (later "rapidocr" releases fetch models at run time and must not be
used). Without the component `available()` is False and `require()` raises a UserError that says how
to get it.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.certificates.lines import Page, from_ocr
from core.errors import UserError

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

PACKAGE = "rapidocr_onnxruntime"
REQUIRED_MODULES = (PACKAGE, "onnxruntime", "cv2", "numpy", "PIL")
MODEL_FILES = (
    "ch_PP-OCRv4_det_infer.onnx",
    "ch_PP-OCRv4_rec_infer.onnx",
    "ch_ppocr_mobile_v2.0_cls_infer.onnx",
)
# Longest side an image is read at. A certificate's print stays about 25 px or taller; detection costs
# with the pixels: 1280 instead of 1600 takes a fifth off the processor time (bench/certificate_speed.py).
MAX_SIDE = 1280

HOW_TO_GET = (
    "证书识别是可选组件，本程序未包含它。\n"
    "· 使用打包程序的：请向维护人员索取带“证书识别”组件的安装包（打包时用 python packaging/build.py --with-ocr），"
    "解压后替换现有程序文件夹即可，数据不受影响。\n"
    '· 从源代码运行的：在程序目录中执行  pip install -e ".[ocr]"  和  '
    "pip install --no-deps rapidocr-onnxruntime==1.4.4  后重新启动程序。\n"
    "识别完全在本机进行，不联网。"
)


class OcrUnavailable(UserError):
    """The recognition component is not installed (or incomplete)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(HOW_TO_GET + (f"\n（{detail}）" if detail else ""))


def missing_modules() -> list[str]:
    return [name for name in REQUIRED_MODULES if importlib.util.find_spec(name) is None]


def available() -> bool:
    """Whether the component is installed, without importing it."""
    return not missing_modules() and not _missing_models()


def require() -> None:
    missing = missing_modules()
    if missing:
        raise OcrUnavailable(f"缺少：{'、'.join(missing)}")
    models = _missing_models()
    if models:
        raise OcrUnavailable(f"缺少模型文件：{'、'.join(models)}")


def _model_dir() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _missing_models() -> list[str]:
    folder = _model_dir()
    if folder is None:
        return list(MODEL_FILES)
    return [name for name in MODEL_FILES if not (folder / name).is_file()]


class Engine:
    """The loaded models; recognise() may be called from any thread (one image at a time)."""

    def __init__(self) -> None:
        require()
        from rapidocr_onnxruntime import RapidOCR

        _without_spinning()
        self._ocr = RapidOCR(print_verbose=False)
        _quiet_library_loggers()
        self._lock = threading.Lock()

    def recognise(self, image: Image) -> Page:
        """The text lines of one image (RGB), boxes in the image's own pixels."""
        import numpy as np

        from core.certificates.seal import lift_seals

        rgb = image.convert("RGB")
        scale = 1.0
        if max(rgb.size) > MAX_SIDE:
            scale = max(rgb.size) / MAX_SIDE
            rgb = rgb.resize((round(rgb.width / scale), round(rgb.height / scale)))
        bgr = np.ascontiguousarray(np.asarray(rgb)[:, :, ::-1])
        bgr = lift_seals(bgr)
        with self._lock:
            result: Any = self._ocr(bgr)[0]
        return Page(from_ocr(result, scale), width=image.width, height=image.height)


_engine: Engine | None = None
_engine_lock = threading.Lock()


def engine() -> Engine:
    """The process's one engine, loaded on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = Engine()
            log.info("证书识别模型已载入")
        return _engine


def _without_spinning() -> None:
    """onnxruntime's worker threads spin while they wait for work by default: on an office PC's two
    cores, shared with the window, that costs two fifths of the processor time per certificate and
    makes the reading slower, not faster (bench/certificate_speed.py). rapidocr-onnxruntime 1.4.x builds
    its sessions' options in OrtInferSession._init_sess_opts; the options it returns get spinning off."""
    from rapidocr_onnxruntime.utils import infer_engine

    session = getattr(infer_engine, "OrtInferSession", None)
    build = getattr(session, "_init_sess_opts", None)
    if build is None or getattr(build, "honourdesk_no_spinning", False):
        return

    def options(config):  # type: ignore[no-untyped-def]
        result = build(config)
        result.add_session_config_entry("session.intra_op.allow_spinning", "0")
        result.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return result

    options.honourdesk_no_spinning = True  # type: ignore[attr-defined]
    session._init_sess_opts = staticmethod(options)


def _quiet_library_loggers() -> None:
    """rapidocr prints English through handlers of its own; its records go to the program's log."""
    for name in ("RapidOCR", "OrtInferSession"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = True
