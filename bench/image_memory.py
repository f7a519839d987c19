"""Memory of the program's own process while it loads a large certificate image: decoded in the process
itself (the old way: Pillow open, load, turn upright, RGB) against the bounded child of
core/image_bounded.py (what certificate reading uses now), which sends back only the shrunk picture.

    python bench/image_memory.py [--megapixels N]

Three files are made here at N million pixels (default 72, under the 80 MP cap): a phone-like JPEG with an
orientation tag, a grey PNG scan with an alpha channel, a TIFF. Each way runs in a fresh process per
file; printed: the process's peak resident memory above what it had before the load (MB), each way,
and what it still holds with the picture loaded; ratios child / in-process (the child's own memory is bounded by its limits and freed when it ends).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, resource, sys
sys.path.insert(0, sys.argv[3])
from PIL import Image, ImageOps
from core.certificates.images import Loader, Source
Image.MAX_IMAGE_PIXELS = None
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
before, held_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, rss()
if sys.argv[1] == "in-process":
    with Image.open(sys.argv[2]) as image:
        image.load()
        picture = ImageOps.exif_transpose(image).convert("RGB")
else:
    with Loader() as loader:
        picture = loader.load(Source(__import__("pathlib").Path(sys.argv[2])))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"mb": (after - before) / 1024, "held": (rss() - held_before) / 1024}))
"""


def make_files(folder: Path, megapixels: float) -> list[Path]:
    from PIL import Image

    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    photo = Image.new("RGB", (width, height), "white")
    photo.paste("black", (width // 4, height // 4, width // 2, height // 2))
    exif = photo.getexif()
    exif[0x0112] = 6
    files = [folder / "photo.jpg", folder / "scan.png", folder / "scan.tif"]
    photo.save(files[0], exif=exif, quality=85)
    photo.convert("LA").save(files[1], compress_level=1)
    photo.save(files[2], compression="tiff_deflate")
    return files


def measure(way: str, path: Path) -> tuple[float, float]:
    """(peak rise, memory still held with the picture), in MB."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, way, str(path), str(REPO)], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    return float(found["mb"]), float(found["held"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=72.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="honourdesk-bench-") as folder:
        for path in make_files(Path(folder), args.megapixels):
            (old, old_held), (new, new_held) = measure("in-process", path), measure("child", path)
            print(
                f"{path.name} ({args.megapixels:.0f} MP, {path.stat().st_size / 2**20:.1f} MB file): "
                f"peak +{old:.0f} MB in-process, +{new:.0f} MB with the child, ratio {new / max(old, 1):.3f}; "
                f"held {old_held:.0f} / {new_held:.0f} MB, ratio {new_held / max(old_held, 1):.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
