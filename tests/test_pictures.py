"""raati.pictures: the bundled picture library (licences, words, search) and the checks of
uploaded pictures (type by content, size, animation, SVG active content)."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from raati import pictures
from raati.i18n import MESSAGES, t
from raati.pictures import (
    MAX_UPLOAD_BYTES,
    PictureError,
    check_licence,
    check_upload,
    library,
    search,
)

ROOT = Path(__file__).resolve().parent.parent
DEFS = ROOT / "survey_defs"
SHIPPED = sorted(p.name for p in (DEFS / "pictures").glob("*.svg"))
EAR = (DEFS / "pictures" / "kuuntelu.svg").read_bytes()


def _raster(fmt: str, size=(64, 48), **save) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, fmt, **save)
    return buf.getvalue()


def _refused(name: str, data: bytes, key: str) -> PictureError:
    with pytest.raises(PictureError) as caught:
        check_upload(name, data)
    assert caught.value.key == key, str(caught.value)
    return caught.value


def _svg(body: str, head: str = "") -> bytes:
    return (f'{head}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
            f'{body}</svg>').encode()


# -- library ----------------------------------------------------------------------------

def test_library_lists_every_shipped_picture_with_licence_author_and_alt():
    lib = library(DEFS)
    assert [p.path for p in lib] == [f"pictures/{name}" for name in SHIPPED]
    assert len(lib) >= 70
    for pic in lib:
        assert pic.file.is_file() and pic.file.parent == (DEFS / "pictures").resolve()
        assert pic.licence == "CC BY-SA 4.0"
        assert pic.author.endswith("OpenMoji") and len(pic.author) > len("OpenMoji")
        assert pic.source.startswith("OpenMoji 17.0.0 color/svg/"), pic.source
        for lang in ("fi", "sv", "en"):
            assert pic.alt.get(lang, "").strip(), (pic.path, lang)
            assert len(pic.alt[lang]) <= pictures.MAX_ALT_CHARS
            assert pic.words[lang], (pic.path, lang)
    ear = next(p for p in lib if p.path == "pictures/kuuntelu.svg")
    assert ear.alt == {"fi": "Korva", "sv": "Öra", "en": "Ear"}
    assert ear.source == "OpenMoji 17.0.0 color/svg/1F442.svg"
    assert ear.author == "Julian Grüneberg, OpenMoji"
    assert {"korva", "kuuntelu", "kuulla", "kuunnella"} <= set(ear.words["fi"])
    # the emoji annotation of LICENSES.md counts as English words as well
    factory = next(p for p in lib if p.path == "pictures/tyopaikka.svg")
    assert "factory" in factory.words["en"]


def test_words_file_covers_exactly_the_shipped_pictures():
    words = json.loads(pictures.WORDS_FILE.read_text(encoding="utf-8"))
    assert sorted(words) == SHIPPED
    for entry in words.values():
        assert set(entry) == {"fi", "sv", "en", "alt"}
        assert set(entry["alt"]) == {"fi", "sv", "en"}


def test_every_shipped_picture_passes_the_upload_check():
    for name in SHIPPED:
        checked = check_upload(name, (DEFS / "pictures" / name).read_bytes())
        assert checked.mime == "image/svg+xml"


def _copy_defs(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "defs" / "pictures"
    folder.mkdir(parents=True)
    lines = (DEFS / "pictures" / "LICENSES.md").read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if not ln.startswith("| `")
            or any(ln.startswith(f"| `{n}`") for n in names)]
    (folder / "LICENSES.md").write_text("\n".join(kept) + "\n", encoding="utf-8")
    for n in names:
        shutil.copyfile(DEFS / "pictures" / n, folder / n)
    return tmp_path / "defs"


def test_a_picture_without_a_licence_row_is_not_offered_and_the_cache_follows_changes(tmp_path):
    defs = _copy_defs(tmp_path, ["kuuntelu.svg", "tyo.svg"])
    folder = defs / "pictures"
    shutil.copyfile(DEFS / "pictures" / "koti.svg", folder / "koti.svg")  # no row for it
    (folder / "oma.svg").write_bytes(EAR)                                # no row either
    assert [p.path for p in library(defs)] == ["pictures/kuuntelu.svg", "pictures/tyo.svg"]
    # a row whose file is gone is skipped; a row pointing outside the folder is ignored
    (folder / "tyo.svg").unlink()
    with (folder / "LICENSES.md").open("a", encoding="utf-8") as f:
        f.write("| `../koti.svg` | x | x | x | someone | CC0 | x |\n")
    stamp = (folder / "LICENSES.md").stat().st_mtime_ns
    os.utime(folder, ns=(stamp + 10**9, stamp + 10**9))
    assert [p.path for p in library(defs)] == ["pictures/kuuntelu.svg"]
    # a new row for koti.svg: offered once the table changes
    with (folder / "LICENSES.md").open("a", encoding="utf-8") as f:
        f.write("| `koti.svg` | openmoji@17.0.0 | `color/svg/1F3E0.svg` | 🏠️ house "
                "| Martin Wehl, OpenMoji | CC BY-SA 4.0 | x |\n")
    os.utime(folder / "LICENSES.md", ns=(stamp + 2 * 10**9, stamp + 2 * 10**9))
    assert [p.path for p in library(defs)] == ["pictures/koti.svg", "pictures/kuuntelu.svg"]
    assert library(tmp_path / "nowhere") == []


# -- search -----------------------------------------------------------------------------

def _paths(found) -> list[str]:
    return [p.path for p in found]


def test_search_finnish_with_and_without_accents_and_english():
    lib = library(DEFS)
    for query in ("työ", "tyo", "TYÖ", " Työ "):
        assert _paths(search(lib, query))[0] == "pictures/tyo.svg", query
    assert "pictures/kuuntelu.svg" in _paths(search(lib, "kuuntel"))
    assert _paths(search(lib, "ear"))[0] == "pictures/kuuntelu.svg"
    assert _paths(search(lib, "ear", lang="en"))[0] == "pictures/kuuntelu.svg"
    assert _paths(search(lib, "kasi")) and "pictures/apu.svg" in _paths(search(lib, "käsi"))
    assert _paths(search(lib, "öra", lang="sv"))[0] == "pictures/kuuntelu.svg"
    # with lang="fi" the Finnish words come first ("pyörätuoli" holds "ora"), the Swedish
    # exact word still matches
    in_fi = _paths(search(lib, "öra"))
    assert in_fi[0] == "pictures/esteettomyys.svg" and "pictures/kuuntelu.svg" in in_fi
    assert _paths(search(lib, "hot bev")) == ["pictures/kahvi.svg"]       # inside a phrase
    assert search(lib, "zzzxq") == []


def test_empty_query_gives_all_in_file_name_order():
    lib = library(DEFS)
    assert _paths(search(list(reversed(lib)), "")) == [f"pictures/{n}" for n in SHIPPED]
    assert _paths(search(lib, "   ")) == _paths(lib)


def _pic(name: str, **words) -> pictures.LibraryPicture:
    return pictures.LibraryPicture(
        path=f"pictures/{name}", file=Path(name),
        words={k: tuple(v) for k, v in words.items()}, alt={"fi": name}, author="a",
        licence="CC0", source="s")


def test_search_ranking_language_then_exact_prefix_substring():
    pics = [_pic("a.svg", fi=["kahvikuppi"]),         # substring of "kuppi"? no: prefix "kahvi"
            _pic("b.svg", fi=["kuppi"]),              # exact
            _pic("c.svg", fi=["kupponki"]),           # prefix "kupp"
            _pic("d.svg", fi=["teekuppi"]),           # substring
            _pic("e.svg", en=["kuppi"])]              # exact, but another language
    assert _paths(search(pics, "kuppi")) == ["pictures/b.svg", "pictures/a.svg",
                                             "pictures/d.svg", "pictures/e.svg"]
    assert _paths(search(pics, "kupp")) == ["pictures/b.svg", "pictures/c.svg",
                                            "pictures/a.svg", "pictures/d.svg",
                                            "pictures/e.svg"]
    assert _paths(search(pics, "kuppi", lang="en"))[0] == "pictures/e.svg"


# -- uploads: accepted ------------------------------------------------------------------

@pytest.mark.parametrize("fmt,name,mime,ext", [
    ("PNG", "kuva.png", "image/png", ".png"),
    ("JPEG", "kuva.JPG", "image/jpeg", ".jpg"),
    ("JPEG", "kuva.jpeg", "image/jpeg", ".jpg"),
    ("WEBP", "kuva.webp", "image/webp", ".webp"),
    ("GIF", "kuva.gif", "image/gif", ".gif"),
])
def test_real_raster_pictures_are_accepted_and_saved_anew(fmt, name, mime, ext):
    data = _raster(fmt)
    checked = check_upload(name, data)
    assert (checked.mime, checked.extension, checked.width, checked.height) == (mime, ext, 64, 48)
    with Image.open(io.BytesIO(checked.data)) as img:
        assert img.format == fmt and img.size == (64, 48)
    assert check_upload(name, checked.data).mime == mime  # what is stored passes again


def test_a_phone_photos_location_and_other_metadata_are_removed():
    img = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PuhelinValmistaja"  # Make
    exif[0x0112] = 6  # Orientation: turned 90°
    exif.get_ifd(0x8825)[2] = (60.0, 10.0, 0.0)  # GPSLatitude
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, comment=b"Kuvaaja Matti")
    assert b"PuhelinValmistaja" in buf.getvalue()
    checked = check_upload("kuva.jpg", buf.getvalue())
    assert b"PuhelinValmistaja" not in checked.data and b"Matti" not in checked.data
    with Image.open(io.BytesIO(checked.data)) as stored:
        assert not stored.getexif() and stored.size == (30, 40)  # stands as it was shown
    assert (checked.width, checked.height) == (30, 40)
    png = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Matti Meikäläinen")
    Image.new("RGB", (20, 20)).save(png, "PNG", pnginfo=info)
    assert b"Matti" not in check_upload("kuva.png", png.getvalue()).data


def test_a_phone_jpeg_with_a_second_picture_inside_is_a_still_jpeg():
    # MPO: a JPEG holding more pictures (a depth map, a second view); browsers show the first
    frames = [Image.new("RGB", (64, 64), c) for c in ((10, 20, 30), (90, 90, 90))]
    buf = io.BytesIO()
    frames[0].save(buf, "MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(buf.getvalue())).format == "MPO"
    checked = check_upload("puhelin.jpg", buf.getvalue())
    assert (checked.mime, checked.extension, checked.width) == ("image/jpeg", ".jpg", 64)
    _refused("puhelin.png", buf.getvalue(), "picture_wrong_extension")


def test_clean_svg_is_accepted_unchanged():
    checked = check_upload("korva.svg", EAR)
    assert (checked.data, checked.mime, checked.extension) == (EAR, "image/svg+xml", ".svg")
    assert checked.width is None and checked.height is None
    # same-document references and embedded raster data are fine
    png = base64.b64encode(_raster("PNG", (16, 16))).decode()
    ok = _svg('<defs><linearGradient id="g"/><style>.a{fill:url(#g)}</style></defs>'
              '<use href="#g"/><use xlink:href="#g"/><rect fill="url(#g)" width="5" height="5"/>'
              f'<image href="data:image/png;base64,{png}" width="5" height="5"/>',
              head='<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n')
    assert check_upload("ok.svg", ok).mime == "image/svg+xml"


# -- uploads: refused -------------------------------------------------------------------

def test_empty_and_too_big_are_refused():
    _refused("kuva.png", b"", "picture_empty")
    big = _raster("PNG") + b"\0" * MAX_UPLOAD_BYTES
    err = _refused("kuva.png", big, "picture_too_big")
    assert err.values == {"max": 2}
    assert "2 MB" in str(err) and "2 Mt" in err.text("fi")


def test_extension_must_agree_with_the_content():
    err = _refused("kuva.png", _raster("JPEG"), "picture_wrong_extension")
    assert err.values == {"name": "kuva.png", "kind": "JPEG", "ext": ".jpg"}
    assert "JPEG" in str(err) and "kuva.png" in str(err)
    _refused("kuva", _raster("PNG"), "picture_wrong_extension")
    _refused("kuva.svg", _raster("GIF"), "picture_wrong_extension")
    _refused("korva.png", EAR, "picture_wrong_extension")


def test_type_comes_from_the_content_not_the_name():
    _refused("kuva.png", b"Hei, olen tekstitiedosto.\n" * 10, "picture_unknown_type")
    bmp = io.BytesIO()
    Image.new("RGB", (32, 32)).save(bmp, "BMP")
    _refused("kuva.png", bmp.getvalue(), "picture_unknown_type")
    _refused("kuva.bmp", bmp.getvalue(), "picture_unknown_type")


def test_truncated_png_and_jpeg_are_broken():
    png = _raster("PNG", (200, 200))
    _refused("kuva.png", png[: len(png) // 2], "picture_broken")
    noisy = Image.effect_noise((300, 300), 60).convert("RGB")
    buf = io.BytesIO()
    noisy.save(buf, "JPEG")
    _refused("kuva.jpg", buf.getvalue()[:2000], "picture_broken")


def test_png_with_a_bad_checksum_is_broken():
    # the pixel chunk's CRC flipped: the pixels decode, but verify() sees the damage
    png = bytearray(_raster("PNG", (32, 32)))
    assert png[-12:-4] == b"\0\0\0\0IEND"   # IDAT's CRC is the 4 bytes before IEND
    png[-13] ^= 0xFF
    assert Image.open(io.BytesIO(bytes(png))).load() is not None
    _refused("kuva.png", bytes(png), "picture_broken")


def test_dimensions_limits():
    err = _refused("kuva.png", _raster("PNG", (10000, 10)), "picture_too_large_dims")
    assert err.values == {"width": 10000, "height": 10, "max": 4000}
    _refused("kuva.png", _raster("PNG", (4001, 100)), "picture_too_large_dims")
    assert check_upload("kuva.png", _raster("PNG", (4000, 16))).width == 4000
    err = _refused("kuva.png", _raster("PNG", (15, 100)), "picture_too_small_dims")
    assert err.values == {"width": 15, "height": 100, "min": 16}


def test_decompression_bomb_is_refused_before_decoding():
    # A PNG header claiming 100000 × 100000 pixels: over Pillow's own bomb limit.
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    bomb = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000,
                                                               8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
    _refused("bomb.png", bomb, "picture_too_large_dims")


def test_animation_is_refused():
    frames = [Image.new("RGB", (32, 32), c) for c in ((255, 0, 0), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    err = _refused("liike.gif", buf.getvalue(), "picture_animated")
    assert "2.2.2" in str(err)
    webp = io.BytesIO()
    frames[0].save(webp, "WEBP", save_all=True, append_images=frames[1:], duration=200)
    _refused("liike.webp", webp.getvalue(), "picture_animated")
    apng = io.BytesIO()
    frames[0].save(apng, "PNG", save_all=True, append_images=frames[1:], duration=200)
    _refused("liike.png", apng.getvalue(), "picture_animated")
    # a single-frame GIF is a still picture
    assert check_upload("still.gif", _raster("GIF")).mime == "image/gif"


@pytest.mark.parametrize("body,key", [
    ('<script>alert(1)</script>', "picture_svg_script"),
    ('<script xlink:href="http://evil.example/x.js"/>', "picture_svg_script"),
    ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
     "picture_svg_script"),
    ('<rect onclick="alert(1)" width="1" height="1"/>', "picture_svg_script"),
    ('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>', "picture_svg_script"),
    ('<a href="java&#x09;script:alert(1)"><rect width="1" height="1"/></a>',
     "picture_svg_script"),
    ('<a href="#x"><set attributeName="href" to="#y"/></a>', "picture_svg_script"),
    ('<image xlink:href="http://evil.example/track.png" width="1" height="1"/>',
     "picture_svg_external"),
    ('<image href="https://evil.example/x.png" width="1" height="1"/>', "picture_svg_external"),
    ('<use href="other.svg#a"/>', "picture_svg_external"),
    ('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>',
     "picture_svg_external"),
    ('<style>@import url("https://evil.example/x.css");</style>', "picture_svg_external"),
    ('<style>@IMPORT "x.css";</style>', "picture_svg_external"),
    ('<style>rect{fill:url(https://evil.example/p)}</style>', "picture_svg_external"),
    ('<style>rect{fill:\\75 rl(https://evil.example/p)}</style>', "picture_svg_external"),
    ('<style>rect{background:url(javascript:alert(1))}</style>', "picture_svg_script"),
    ('<rect style="fill:url(http://evil.example/p)" width="1" height="1"/>',
     "picture_svg_external"),
    ('<rect fill="url(http://evil.example/p#a)" width="1" height="1"/>',
     "picture_svg_external"),
])
def test_active_or_external_svg_content_is_refused(body, key):
    _refused("paha.svg", _svg(body), key)


def test_svg_onload_on_the_root_is_refused():
    data = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 1 1">'
            b'<rect width="1" height="1"/></svg>')
    err = _refused("paha.svg", data, "picture_svg_script")
    assert err.values == {"what": "onload"}


def test_svg_doctype_entities_and_stylesheets_are_refused():
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "lol">\n'
              b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
              b'<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>')
    _refused("lol.svg", laughs, "picture_svg_doctype")
    plain_doctype = (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                     b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
                     b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    _refused("dt.svg", plain_doctype, "picture_svg_doctype")
    sheet = _svg("<rect width='1' height='1'/>",
                 head='<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?>')
    _refused("sheet.svg", sheet, "picture_svg_external")


def test_not_svg_and_broken_xml():
    _refused("x.svg", b'<svg viewBox="0 0 1 1"><rect/></svg>', "picture_svg_not_svg")
    _refused("x.svg", b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
             "picture_svg_not_svg")
    _refused("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
             "picture_broken")


# -- licence and text alternative -------------------------------------------------------

def test_check_licence_accepts_complete_details():
    assert check_licence("CC BY 4.0", "Maija Meikäläinen", {"fi": "Korva", "en": "Ear"},
                         "fi") is None
    assert check_licence("oma", "Paja", {"sv": "Öra"}, "sv") is None


@pytest.mark.parametrize("licence,author,alt,lang,key", [
    ("", "Maija", {"fi": "Korva"}, "fi", "picture_licence_missing"),
    ("   ", "Maija", {"fi": "Korva"}, "fi", "picture_licence_missing"),
    ("CC0", "", {"fi": "Korva"}, "fi", "picture_author_missing"),
    ("CC0", " \n", {"fi": "Korva"}, "fi", "picture_author_missing"),
    ("CC0", "Maija", {}, "fi", "picture_alt_missing"),
    ("CC0", "Maija", {"en": "Ear"}, "fi", "picture_alt_missing"),
    ("CC0", "Maija", {"fi": "  "}, "fi", "picture_alt_missing"),
    ("CC0", "Maija", {"fi": "k" * 251}, "fi", "picture_alt_too_long"),
    ("CC0", "Maija", {"fi": "Korva", "en": "e" * 300}, "fi", "picture_alt_too_long"),
])
def test_check_licence_refusals(licence, author, alt, lang, key):
    with pytest.raises(PictureError) as caught:
        check_licence(licence, author, alt, lang)
    assert caught.value.key == key
    assert check_licence("CC0", "Maija", {"fi": "k" * 250}, "fi") is None


def test_messages_exist_in_fi_sv_en_and_are_staff_only():
    from raati.i18n import CLIENT_KEYS, translation
    keys = [k for k in MESSAGES if k.startswith("picture_")]
    assert len(keys) == 16
    for key in keys:
        assert key not in CLIENT_KEYS
        for lang in ("fi", "sv", "en"):
            assert translation(key, lang), (key, lang)
    err = PictureError("picture_svg_script", what="script")
    assert err.text("fi") == "SVG-kuvassa on ohjelmakoodia (script): sitä ei voi käyttää. " \
                             "Tallenna kuva ilman sitä tai käytä PNG-kuvaa."
    assert str(err) == t("picture_svg_script", "en", what="script")
    assert isinstance(err, ValueError)
