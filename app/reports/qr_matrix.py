"""The dark/light matrix of a sheet's QR code: ReportLab's own encoder, with its slow steps done once.

ReportLab's `QRCode.make()` is exact but slow on a ~250-character payload (45-60 ms, over half of a
declaration): it rebuilds the Reed-Solomon generator polynomial for every block, lays the whole
symbol out nine times and scores each trial mask module by module in Python. Here the symbol's
layout (function patterns, data placement) still comes from ReportLab, while the error-correction
codewords and the mask scores are computed with tables and integer operations on whole rows and on
the whole symbol. The result is the very matrix ReportLab chooses (tests compare them), so any QR
reader that reads ReportLab's widget reads this.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import compress, zip_longest

from reportlab.graphics.barcode import qrencoder

# Level M survives a crease or a smudge on a sheet pinned up in the hall.
ERROR_CORRECTION = "M"
_LEVEL = getattr(qrencoder.QRErrorCorrectLevel, ERROR_CORRECTION)
_EXP = qrencoder.EXP_TABLE  # GF(256) antilogarithms of the QR field (x^8 + x^4 + x^3 + x^2 + 1)
_LOG = qrencoder.LOG_TABLE
_PAD = (0xEC, 0x11)  # the pad codewords of the QR standard, alternating
# Penalty rule 3 as ReportLab scores it: a finder-like pattern followed by four light modules, in rows
# only (its column pass compares a tuple with a list, which never matches, so columns score nothing).
_FINDER_LIKE = "10111010000"


@cache
def _generator_products(degree: int) -> tuple[int, ...]:
    """For each byte f, f times the Reed-Solomon generator (x - a^0)…(x - a^(degree-1)), as one integer.

    The generator's leading 1 is left out and its other coefficients are the integer's bytes, highest
    first, so each step of the division is a shift and an exclusive or of whole integers.
    """
    poly = [1]
    for i in range(degree):
        product = [0] * (len(poly) + 1)
        for k, coefficient in enumerate(poly):
            product[k] ^= coefficient
            if coefficient:
                product[k + 1] ^= _EXP[(_LOG[coefficient] + i) % 255]  # times a^i
        poly = product
    return tuple(
        int.from_bytes(bytes(_EXP[(_LOG[f] + _LOG[c]) % 255] if f and c else 0 for c in poly[1:]), "big")
        for f in range(256)
    )


def _error_codewords(data: list[int], degree: int) -> list[int]:
    """The remainder of data(x)·x^degree divided by the generator: the block's error-correction bytes."""
    products = _generator_products(degree)
    top = 8 * (degree - 1)  # the remainder's leading coefficient is its highest byte
    keep = (1 << (8 * degree)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ products[byte ^ (remainder >> top)]
    return list(remainder.to_bytes(degree, "big"))


class _BitBuffer:
    """ReportLab's QRBitBuffer (put, putBit, getLengthInBits, buffer), kept as one integer, not bit by bit."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, number: int, length: int) -> None:
        self.value = (self.value << length) | (number & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # the name ReportLab's segments call
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:
        return self.length

    @property
    def buffer(self) -> list[int]:
        """The bits as bytes, the last one padded with zeros."""
        size = (self.length + 7) // 8
        return list((self.value << (8 * size - self.length)).to_bytes(size, "big"))


def _codewords(code: qrencoder.QRCode) -> list[int]:
    """The symbol's codewords in placement order, as ReportLab's QRCode.createData makes them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    buffer = _BitBuffer()
    for segment in code.dataList:
        segment.write(buffer, code.version)
    capacity = 8 * sum(block.dataCount for block in blocks)
    if buffer.getLengthInBits() > capacity:
        raise ValueError(f"the payload does not fit a QR code ({buffer.getLengthInBits()} > {capacity} bits)")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)  # the terminator
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pad = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(_PAD[pad], 8)
        pad ^= 1
    data_blocks: list[list[int]] = []
    error_blocks: list[list[int]] = []
    offset = 0
    codewords = buffer.buffer
    for block in blocks:
        data = codewords[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(data)
        error_blocks.append(_error_codewords(data, block.totalCount - block.dataCount))
    interleaved = [*zip_longest(*data_blocks), *zip_longest(*error_blocks)]
    return [byte for group in interleaved for byte in group if byte is not None]


@cache
def _mask_rows(mask: int, size: int) -> tuple[int, ...]:
    """ReportLab's mask pattern `mask` over a size×size symbol, one integer per row (column 0 highest)."""
    dark = qrencoder.QRUtil.getMask(mask)
    return tuple(
        sum(1 << (size - 1 - col) for col in range(size) if dark(row, col)) for row in range(size)
    )


def _packed(rows: Sequence[int], size: int) -> int:
    """The rows as one integer, row 0 highest, each in size + 1 bits: a light bit parts each row from
    the next, so shifts along a row never carry one row's modules into another's."""
    whole = 0
    for row in rows:
        whole = (whole << (size + 1)) | row
    return whole


@cache
def _row_masks(size: int) -> tuple[int, int, int]:
    """Over a packed symbol: bits 0..size-2 of every row, all bits of every row but the last, and the
    bits where a finder-like pattern may end (never on the last module, so from bit 1)."""
    stride = size + 1

    def every(bits: int, rows: range) -> int:
        return sum(bits << (stride * row) for row in rows)

    ends = ((1 << (size - len(_FINDER_LIKE))) - 1) << 1
    inner = every((1 << (size - 1)) - 1, range(size))
    return inner, every((1 << size) - 1, range(1, size)), every(ends, range(size))


def _penalty(whole: int, size: int) -> int:
    """ReportLab's QRUtil.getLostPoint for the packed symbol `whole`, from operations on the whole symbol.

    Rule 1: each run of five or more like modules in a row or column scores its length minus two.
    Rule 2: each 2×2 block of one colour scores 3. Rule 3: 40 per finder-like pattern, counted the
    way ReportLab counts it (in rows only, not overlapping, never ending on the last module).
    Rule 4: 10 per 5% that the dark share is away from half.

    For rule 1, a run of L like modules (L >= 5) is L - 1 alike neighbours, so L - 4 places where
    four alike pairs start in a row; it scores L - 2: those places plus two for the run.
    """
    stride = size + 1
    inner, upper_rows, finder_ends = _row_masks(size)
    across = ~(whole ^ (whole >> 1)) & inner  # bit k: columns k and k+1 of a row alike
    down = ~(whole ^ (whole << stride)) & upper_rows  # in row r: rows r and r+1 alike
    horizontal = across & (across >> 1) & (across >> 2) & (across >> 3)
    vertical = down & (down << stride) & (down << 2 * stride) & (down << 3 * stride)
    score = horizontal.bit_count() + 2 * (horizontal & ~(horizontal >> 1)).bit_count()
    # Down a column the "next" pair is the next row's: a run's top is where the row below has none.
    score += vertical.bit_count() + 2 * (vertical & ~(vertical << stride)).bit_count()
    score += 3 * (down & (down >> 1) & across).bit_count()
    # The pattern cannot overlap itself, so its non-overlapping count is the number of places it ends.
    found = finder_ends
    for shift, module in enumerate(reversed(_FINDER_LIKE)):
        found &= whole >> shift if module == "1" else ~(whole >> shift)
    score += 40 * found.bit_count()
    score += 10 * (abs(100 * whole.bit_count() // (size * size) - 50) // 5)
    return score


@cache
def _layout(version: int) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, int], ...]]:
    """A version's function patterns as a trial sees them, its data modules, and their placement order.

    All three depend on the version only, so they are laid out by ReportLab once per version.
    """
    code = qrencoder.QRCode(version, _LEVEL)
    size = version * 4 + 17
    code.moduleCount = size
    code.modules = [[False] * size for _ in range(size)]
    code.setupPositionProbePattern(0, 0)
    code.setupPositionProbePattern(size - 7, 0)
    code.setupPositionProbePattern(0, size - 7)
    code.setupPositionAdjustPattern()
    code.setupTimingPattern()
    code.setupTypeInfo(True, 0)  # a trial's format information is blank
    if version >= 7:
        code.setupTypeNumber(True)
    order = tuple((row, col) for col, row in code.dataPosIterator())
    where = [0] * size
    for row, col in order:
        where[row] |= 1 << (size - 1 - col)
    return _rows(code.modules), tuple(where), order


@cache
def _final_patterns(version: int, mask: int) -> tuple[int, ...]:
    """A version's function patterns with the real format (and version) information for `mask`."""
    code = qrencoder.QRCode(version, _LEVEL)
    size = version * 4 + 17
    code.moduleCount = size
    code.modules = [[False] * size for _ in range(size)]
    code.setupTypeInfo(False, mask)
    if version >= 7:
        code.setupTypeNumber(False)
    trial, _, _ = _layout(version)
    return tuple(t | f for t, f in zip(trial, _rows(code.modules), strict=True))


def _rows(modules: list[list[bool]]) -> tuple[int, ...]:
    size = len(modules)
    return tuple(sum(1 << (size - 1 - col) for col, dark in enumerate(cells) if dark) for cells in modules)


@cache
def _placement(version: int) -> tuple[tuple[int, int], ...]:
    """(row, the column's bit) of each data bit of the version, in the order the bits are placed."""
    _, _, order = _layout(version)
    size = version * 4 + 17
    return tuple((row, 1 << (size - 1 - col)) for row, col in order)


def _data_rows(codewords: list[int], version: int) -> list[int]:
    """The codewords' bits placed in the symbol, unmasked (positions past the last bit stay light)."""
    placement = _placement(version)
    bits = format(int.from_bytes(bytes(codewords), "big"), f"0{8 * len(codewords)}b")
    rows = [0] * (version * 4 + 17)
    for row, bit in compress(placement, map(int, bits)):  # only the dark bits
        rows[row] |= bit
    return rows


def _masked(patterns: tuple[int, ...], data: list[int], mask: int, version: int) -> list[int]:
    _, where, _ = _layout(version)
    pattern = _mask_rows(mask, len(where))
    return [f | ((d ^ p) & w) for f, d, p, w in zip(patterns, data, pattern, where, strict=True)]


def qr_lines(payload: str) -> list[str]:
    """The matrix of `payload`, a "1" per dark module in one string per row, as ReportLab's widget has it.

    ReportLab's getBestMaskPattern: the mask with the lowest penalty on a trial layout (blank
    format information), the first one on a tie.
    """
    code = qrencoder.QRCode(None, _LEVEL)
    code.addData(payload)
    version = code.version = code.calculate_version()
    data = _data_rows(_codewords(code), version)
    trial, _, _ = _layout(version)
    size = len(trial)
    scores = [_penalty(_packed(_masked(trial, data, mask, version), size), size) for mask in range(8)]
    best = scores.index(min(scores))
    return [format(row, f"0{size}b") for row in _masked(_final_patterns(version, best), data, best, version)]


def qr_modules(payload: str) -> list[list[bool]]:
    """The dark/light matrix of `payload`, exactly as ReportLab's QR widget would encode it."""
    return [[cell == "1" for cell in line] for line in qr_lines(payload)]
