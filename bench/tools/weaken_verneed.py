#!/usr/bin/env python3
# Copied from the project's shared tool (../shared/tools/weaken_verneed.py) for bench/tools/WeakenVerneed.targets,
# which runs it after every build of bench/Peers on the build-output copy of libLibTorchSharp.so.
# One change from the shared tool: the edited file is written beside the original and renamed over it, so
# a build output hard-linked to the NuGet cache (CreateHardLinksForCopyLocalIfPossible) never edits the cache.
"""Mark ELF version needs as weak (VER_FLG_WEAK) so the loader does not reject the file
when the host library lacks that version.

Why: TorchSharp 0.107.0's libLibTorchSharp.so was linked with GCC 13 and carries a
GLIBCXX_3.4.32 version need; the only symbol bound to it is std::ios_base_library_init,
a marker symbol that has no relocation (never called). Debian 12's libstdc++ stops at
GLIBCXX_3.4.30, so dlopen fails. A weak version need is checked but not fatal.

usage: weaken_verneed.py FILE.so VERSION [VERSION...]   (replaces FILE.so by the edited copy)
Only ever run it on a build-output copy, never on the NuGet cache.
"""
import os
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def main(path, wanted):
    with open(path, "rb") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            sys.exit(f"{path}: not a 64-bit little-endian ELF file")
        e_shoff, = struct.unpack_from("<Q", data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from("<HH", data, 0x3A)
        shdrs = []
        for i in range(e_shnum):
            o = e_shoff + i * e_shentsize
            name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", data, o)
            shdrs.append((typ, off, size, link, info))
        changed = []
        for typ, off, size, link, info in shdrs:
            if typ != SHT_GNU_VERNEED:
                continue
            strtab_off = shdrs[link][1]

            def cstr(o):
                end = data.index(0, strtab_off + o)
                return data[strtab_off + o:end].decode()

            vn = off
            for _ in range(info):
                vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, vn)
                aux = vn + vn_aux
                for _ in range(vn_cnt):
                    vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                    name = cstr(vna_name)
                    if name in wanted and not vna_flags & VER_FLG_WEAK:
                        struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                        changed.append(f"{cstr(vn_file)}:{name}")
                    aux += vna_next
                    if vna_next == 0:
                        break
                vn += vn_next
                if vn_next == 0:
                    break
    if changed:
        temporary = path + ".weakening"
        with open(temporary, "wb") as out:
            out.write(data)
        os.chmod(temporary, os.stat(path).st_mode)
        os.replace(temporary, path)
    print(f"{path}: weakened {', '.join(changed) if changed else 'nothing'}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], set(sys.argv[2:]))
