"""Reference side of test/faults/checkpoint-integrity.test.ts: what PyTorch and Python's zipfile make of a file.

Usage (prints one JSON object on stdout, exit status 0 whatever the files hold):
  checkpoint_reference.py check RECORD FILE...
      {FILE: {"load": L, "zip": Z}} for each FILE (one interpreter start for all: importing torch is slow), where
      L = torch.load(FILE): {"ok": true, "keys": [...], "sums": {key: sum}} or {"ok": false, "error": "..."}
      Z = zipfile: the CRC check of every record (testzip) and RECORD's JSON, found under any archive folder:
          {"bad": null|name, "meta": {...}|null, "names": [...]}

Exits with status 77 when torch cannot be imported.
"""
import json
import sys
import zipfile

try:
    import torch
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)


def load(path):
    try:
        obj = torch.load(path, map_location='cpu')
        sd = obj['state_dict'] if isinstance(obj, dict) and 'state_dict' in obj else obj
        return {'ok': True, 'keys': list(sd.keys()),
                'sums': {k: float(v.double().sum()) for k, v in sd.items() if torch.is_tensor(v)}}
    except Exception as e:  # the point: report what torch says about a damaged file
        return {'ok': False, 'error': f'{type(e).__name__}: {e}'}


def zip_check(path, record):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        bad = z.testzip()
        meta = None
        for n in names:
            if n == record or n.endswith('/' + record):
                meta = json.loads(z.read(n).decode('utf-8'))
        return {'bad': bad, 'meta': meta, 'names': names}


def main():
    cmd = sys.argv[1]
    if cmd != 'check':
        raise SystemExit(f'unknown command {cmd}')
    record = sys.argv[2]
    print(json.dumps({f: {'load': load(f), 'zip': zip_check(f, record)} for f in sys.argv[3:]}))


if __name__ == '__main__':
    main()
