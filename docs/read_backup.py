import collections, gzip, json, sys, zlib

counts, units, people = collections.Counter(), {}, []
with gzip.open(sys.argv[1], "rb") as f:            # gzip, then one JSON object a line
    first = f.readline()
    header, crc = json.loads(first), zlib.crc32(first)
    assert header["format"] == "ggw-backup", "not a ggw backup"
    for raw in f:
        line = json.loads(raw)
        if line.get("end") == "ggw-backup":        # the last line
            break
        crc = zlib.crc32(raw, crc)
        counts[line["tree"]] += 1
        if line["tree"] == "units":
            units[line["id"]] = line["record"]
        elif line["tree"] == "people" and len(people) < 3:
            people.append(line["record"])
    else:
        sys.exit("the backup is cut short")

assert line["crc32"] == crc and dict(counts) == line["counts"], "the backup was altered"
print(header["district"], header["created"], dict(counts))
for p in people:
    print(p["id"], p["name"], p["birth"], units[p["unit"]]["name"],
          p["elder"]["category"] if p["elder"] else "-")
