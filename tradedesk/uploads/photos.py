"""A customer's photo, made safe to keep and show: the type read from the content (never from the name or the
declared media type), decompression bombs refused, re-encoded as a new JPEG from its pixels only, so that EXIF (GPS
positions, device serials) and anything hidden in the file are dropped."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
#: a photo from a phone has 12-50 megapixels; more than this is refused as a decompression bomb
MAX_PIXELS = 60_000_000
ACCEPTED = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"})
#: the long side of the stored photo: enough for an inspector, small enough to store thousands
LONG_SIDE = 2560
QUALITY = 85


class PhotoRefused(ValueError):
    """Not a photo we keep; the message says why, in words a customer understands."""


@dataclass(frozen=True, slots=True)
class CleanPhoto:
    content: bytes
    media_type: str
    width: int
    height: int
    sha256: str


def clean_photo(raw: bytes) -> CleanPhoto:
    """The photo re-encoded as JPEG without metadata, or PhotoRefused."""
    if len(raw) > MAX_BYTES:
        raise PhotoRefused(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    image = _open(raw)
    try:
        image = ImageOps.exif_transpose(image) or image  # keep the orientation the EXIF gave, then drop the EXIF
        image.thumbnail((LONG_SIDE, LONG_SIDE))
        pixels = image.convert("RGB")
        out = io.BytesIO()
        pixels.save(out, "JPEG", quality=QUALITY, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRefused("could not be read as an image") from exc
    content = out.getvalue()
    return CleanPhoto(content, "image/jpeg", pixels.width, pixels.height, hashlib.sha256(content).hexdigest())


def _open(raw: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(raw))
            if image.format not in ACCEPTED:
                raise PhotoRefused(f"is not a photo (JPEG, PNG, WebP...): it is {image.format or 'unknown'}")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(f"has more than {MAX_PIXELS // 1_000_000} million pixels")
            image.load()
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise PhotoRefused("is not an image file we can read") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise PhotoRefused("is damaged or not an image") from exc
    return image
