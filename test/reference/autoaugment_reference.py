"""AutoAugment's ops as D-DARTS' auto_augment.py runs them, on the images given, with PIL.

stdin: JSON {"images": [{"width", "height", "channels" (1 or 3), "data": base64 of the HWC bytes}]}.
stdout: JSON {"magnitudes": {op: [10 values]}, "pil": version,
              "results": [{op: {"<level>:<sign>": base64 of the output bytes}} per image]}.

The op bodies are the `func` lambdas of D-DARTS' SubPolicy (aheuillet/D-DARTS e3ad5d9, auto_augment.py) with the
random sign passed in; the magnitude tables are its `ranges` (np.int there, int here: numpy 1.24 removed np.int).
Mode "L" images get the fill 128 as an int, which PIL needs for "L" (the reference's RGB tuple is refused there).
"""
import base64
import json
import sys

import numpy as np
import PIL
from PIL import Image, ImageEnhance, ImageOps

ranges = {
    "shearX": np.linspace(0, 0.3, 10),
    "shearY": np.linspace(0, 0.3, 10),
    "translateX": np.linspace(0, 150 / 331, 10),
    "translateY": np.linspace(0, 150 / 331, 10),
    "rotate": np.linspace(0, 30, 10),
    "color": np.linspace(0.0, 0.9, 10),
    "posterize": np.round(np.linspace(8, 4, 10), 0).astype(int),
    "solarize": np.linspace(256, 0, 10),
    "contrast": np.linspace(0.0, 0.9, 10),
    "sharpness": np.linspace(0.0, 0.9, 10),
    "brightness": np.linspace(0.0, 0.9, 10),
    "autocontrast": [0] * 10,
    "equalize": [0] * 10,
    "invert": [0] * 10,
}
SIGNED = {"shearX", "shearY", "translateX", "translateY", "color", "contrast", "sharpness", "brightness"}


def rotate_with_fill(img, magnitude):
    rot = img.convert("RGBA").rotate(magnitude)
    return Image.composite(rot, Image.new("RGBA", rot.size, (128,) * 4), rot).convert(img.mode)


def ops(fillcolor):
    return {
        "shearX": lambda img, m, s: img.transform(img.size, Image.AFFINE, (1, m * s, 0, 0, 1, 0), Image.BICUBIC, fillcolor=fillcolor),
        "shearY": lambda img, m, s: img.transform(img.size, Image.AFFINE, (1, 0, 0, m * s, 1, 0), Image.BICUBIC, fillcolor=fillcolor),
        "translateX": lambda img, m, s: img.transform(img.size, Image.AFFINE, (1, 0, m * img.size[0] * s, 0, 1, 0), fillcolor=fillcolor),
        "translateY": lambda img, m, s: img.transform(img.size, Image.AFFINE, (1, 0, 0, 0, 1, m * img.size[1] * s), fillcolor=fillcolor),
        "rotate": lambda img, m, s: rotate_with_fill(img, m),
        "color": lambda img, m, s: ImageEnhance.Color(img).enhance(1 + m * s),
        "posterize": lambda img, m, s: ImageOps.posterize(img, m),
        "solarize": lambda img, m, s: ImageOps.solarize(img, m),
        "contrast": lambda img, m, s: ImageEnhance.Contrast(img).enhance(1 + m * s),
        "sharpness": lambda img, m, s: ImageEnhance.Sharpness(img).enhance(1 + m * s),
        "brightness": lambda img, m, s: ImageEnhance.Brightness(img).enhance(1 + m * s),
        "autocontrast": lambda img, m, s: ImageOps.autocontrast(img),
        "equalize": lambda img, m, s: ImageOps.equalize(img),
        "invert": lambda img, m, s: ImageOps.invert(img),
    }


def main():
    request = json.load(sys.stdin)
    results = []
    for spec in request["images"]:
        mode = "RGB" if spec["channels"] == 3 else "L"
        img = Image.frombytes(mode, (spec["width"], spec["height"]), base64.b64decode(spec["data"]))
        table = ops((128, 128, 128) if mode == "RGB" else 128)
        out = {}
        for name, fn in table.items():
            out[name] = {}
            for level in range(10):
                for sign in (1, -1) if name in SIGNED else (1,):
                    res = fn(img, ranges[name][level], sign)
                    assert res.mode == mode and res.size == img.size
                    out[name][f"{level}:{sign}"] = base64.b64encode(res.tobytes()).decode()
        results.append(out)
    mags = {k: [float(v) for v in vals] for k, vals in ranges.items()}
    json.dump({"magnitudes": mags, "pil": PIL.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
