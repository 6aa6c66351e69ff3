package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

import org.apache.commons.io.input.CountingInputStream;

import de.siegmar.fastcsv.reader.CsvParseException;

import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.web.ApiException;

/**
 * Pass 1 over an upload: validates every cell and infers column types, statistics, categories, classes and the
 * task, keeping only per-column summaries in memory (at most {@code maxCategories + 1} distinct strings a column),
 * so the file's size does not matter. It can encode the rows on the way (see {@link #scan}), so that most uploads
 * are read once.
 */
final class CsvProfiler {

    /** A numeric label with at most this many distinct integer values is taken for class ids. */
    static final int MAX_INFERRED_CLASSES = 20;

    private final int maxCategories;

    CsvProfiler(int maxCategories) {
        this.maxCategories = maxCategories;
    }

    /**
     * @param labelName the label column, or null for the last column
     * @param task      the task, or null to infer it from the label
     * @throws ApiException 400 naming line and column when the file is not a usable dataset
     */
    CsvProfile profile(CsvSource source, String labelName, Task task) {
        return scan(source, labelName, task, 0, null).profile();
    }

    /**
     * What pass 1 learned, and what became of the rows it encoded on the way.
     *
     * @param rowsPerChunk rows per chunk handed to the sink
     * @param recode       how to turn the chunks handed to the sink into the stored format; null when they cannot
     *                     be, because a column turned from numbers to text part-way (the earlier rows hold numbers,
     *                     not the codes of their text), so the file must be encoded again
     */
    record Scan(CsvProfile profile, int rowsPerChunk, CsvEncoder.Recode recode) {
    }

    /**
     * Pass 1, also encoding the rows into chunks of about {@code chunkBytes} for {@code sink} as it goes, on the
     * guess that columns keep the type their first row shows: while a column is numeric a row holds its value,
     * while it is text the code of the cell in the order cells were first seen (the final codes need every
     * distinct cell, which only the end of the file tells). {@link Scan#recode()} says how to finish them.
     * Chunks reach the sink before the file is known to be valid; the caller stores them in a transaction that a
     * failure rolls back.
     *
     * @param sink null to profile only
     */
    Scan scan(CsvSource source, String labelName, Task task, long chunkBytes, CsvEncoder.ChunkSink sink) {
        MessageDigest sha256 = sha256();
        try (InputStream raw = source.open();
                CountingInputStream counted = new CountingInputStream(raw);
                DigestInputStream digested = new DigestInputStream(counted, sha256);
                CsvRows records = new CsvRows(CsvFormats.strictUtf8(digested))) {
            List<String> first = records.nextStrings();
            if (first == null) {
                throw bad("line 1, column 1: the file is empty; expected a header row naming the columns");
            }
            List<String> header = header(first);
            int labelPosition = labelPosition(header, labelName);
            int rowsPerChunk = sink == null ? 0 : CsvEncoder.rowsPerChunk(header.size(), chunkBytes);
            Rows rows = new Rows(header, labelPosition, maxCategories, records, rowsPerChunk, sink);
            while (records.next(rows)) {
                rows.endRecord();
            }
            if (rows.count == 0) {
                throw bad("line 2, column 1: the file has a header (line 1) but no data rows");
            }
            digested.transferTo(OutputStream.nullOutputStream());
            CsvProfile profile = finish(header, rows.columns, labelPosition, task, rows.count, counted.getByteCount(),
                    HexFormat.of().formatHex(sha256.digest()));
            return new Scan(profile, rowsPerChunk, rows.finishChunks(profile));
        } catch (CsvParseException e) {
            throw unreadable(source, e);
        } catch (UncheckedIOException e) {
            throw unreadable(source, e.getCause());
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    /** Takes the cells of each record as the reader hands them over, keeping at most one chunk of rows. */
    private static final class Rows implements CsvRows.Cells {

        final List<String> header;
        final Column[] columns;
        final CsvRows records;
        final CsvEncoder.ChunkSink sink;
        final int stride;
        /** Each column's place in a chunk, features in file order, then the label; and where its run starts. */
        final int[] slots;
        final int[] offsets;
        final float[] block;
        /** False once the chunks cannot become the stored format; then the encoding stops. */
        boolean encoding;
        int inBlock;
        int chunk;
        int count;
        /** The first cell of the current record without a value, reported once the record is known not ragged. */
        int missing = -1;
        String missingCell;

        Rows(List<String> header, int labelPosition, int maxCategories, CsvRows records, int rowsPerChunk,
                CsvEncoder.ChunkSink sink) {
            this.header = header;
            this.records = records;
            this.sink = sink;
            int n = header.size();
            columns = new Column[n];
            slots = new int[n];
            offsets = new int[n];
            for (int i = 0; i < n; i++) {
                columns[i] = new Column(header.get(i), i, maxCategories);
            }
            stride = rowsPerChunk;
            encoding = sink != null;
            block = encoding ? new float[n * stride] : null;
            for (int i = 0; i < n; i++) {
                slots[i] = i == labelPosition ? n - 1 : i < labelPosition ? i : i - 1;
                offsets[i] = slots[i] * stride;
            }
        }

        @Override
        public void cell(int index, char[] buf, int off, int len) {
            if (index >= columns.length || missing >= 0) {
                return;
            }
            Column column = columns[index];
            double x = column.numeric ? CsvFormats.number(buf, off, len) : Double.NaN;
            if (Double.isNaN(x) && CsvFormats.missing(buf, off, len)) {
                missing = index;
                missingCell = new String(buf, off, len);
                return;
            }
            boolean wasNumeric = column.numeric;
            float stored = column.accept(x, buf, off, len, records.startLine());
            if (encoding) {
                // Text after numbers: the earlier rows hold values where codes belong. Too many distinct texts:
                // the upload fails at the end anyway.
                if (wasNumeric && !column.numeric && column.count > 0 || !column.numeric && column.distinct == null) {
                    encoding = false;
                } else {
                    block[offsets[index] + inBlock] = stored;
                }
            }
        }

        void endRecord() {
            long line = records.line();
            if (records.size() != columns.length) {
                throw ragged(header, records.size(), line);
            }
            if (missing >= 0) {
                throw bad("line " + line + ", " + CsvFormats.column(header.get(missing), missing) + ": "
                        + (missingCell.isEmpty() ? "the value is empty" : "the value is '" + missingCell + "'")
                        + "; every cell needs a value (drop or fill in rows with missing values)");
            }
            if (line != records.startLine()) {
                for (Column c : columns) {
                    c.relabel(records.startLine(), line);
                }
            }
            if (++count == Integer.MAX_VALUE) {
                throw bad("line " + line + ", column 1: more than " + (Integer.MAX_VALUE - 1) + " rows");
            }
            if (encoding && ++inBlock == stride) {
                emit();
            }
            if ((count & 0x3ff) == 0 && Thread.currentThread().isInterrupted()) {
                // The consumer of the chunks gave up; nothing will use the rest.
                throw new CancellationException("the upload was abandoned");
            }
        }

        private void emit() {
            sink.accept(chunk++, count - inBlock, inBlock, ChunkCodec.encode(block, columns.length, stride, inBlock));
            inBlock = 0;
        }

        /** Hands over the last chunk and says how to finish the chunks; null when the file must be encoded again. */
        CsvEncoder.Recode finishChunks(CsvProfile profile) {
            if (!encoding) {
                return null;
            }
            if (inBlock > 0) {
                emit();
            }
            CsvEncoder.ValueMap[] maps = new CsvEncoder.ValueMap[columns.length];
            for (CsvProfile.Feature f : profile.features()) {
                if (f.type() == ColumnType.CATEGORICAL) {
                    maps[slots[f.position()]] = byFirstSeen(columns[f.position()].distinct, f.codes());
                }
            }
            Column label = columns[profile.labelPosition()];
            if (profile.task() == Task.CLASSIFICATION) {
                CsvEncoder.ValueMap map = label.numeric ? byValue(label.distinct, profile.labelCodes())
                        : byFirstSeen(label.distinct, profile.labelCodes());
                if (map == null) {
                    return null;
                }
                maps[columns.length - 1] = map;
            }
            return new CsvEncoder.Recode(maps);
        }

        private static CsvEncoder.ValueMap byFirstSeen(CellDictionary cells, Map<String, Integer> codes) {
            float[] table = new float[cells.size()];
            for (int id = 0; id < table.length; id++) {
                table[id] = codes.get(cells.values().get(id));
            }
            return stored -> table[(int) stored];
        }

        /** Numeric classes stored as values; null when two classes are one float32 and so cannot be told apart. */
        private static CsvEncoder.ValueMap byValue(CellDictionary cells, Map<String, Integer> codes) {
            TreeMap<Float, Integer> byValue = new TreeMap<>();
            for (String cell : cells.values()) {
                Integer code = codes.get(cell);
                Integer other = byValue.putIfAbsent((float) CsvFormats.number(cell), code);
                if (other != null && !other.equals(code)) {
                    return null;
                }
            }
            float[] keys = new float[byValue.size()];
            float[] values = new float[byValue.size()];
            int i = 0;
            for (var e : byValue.entrySet()) {
                keys[i] = e.getKey();
                values[i++] = e.getValue();
            }
            return stored -> values[Arrays.binarySearch(keys, stored)];
        }
    }

    private static List<String> header(List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name.isEmpty()) {
                throw bad("line 1, column #" + (i + 1) + ": the header names no column here; every column needs a name");
            }
            Integer earlier = seen.putIfAbsent(name, i);
            if (earlier != null) {
                throw bad("line 1, " + CsvFormats.column(name, i) + ": duplicate header; column #" + (earlier + 1)
                        + " has the same name");
            }
        }
        if (header.size() < 2) {
            throw bad("line 1, " + CsvFormats.column(header.get(0), 0)
                    + ": the header has a single column; a dataset needs at least one feature column and a label column");
        }
        return header;
    }

    private static int labelPosition(List<String> header, String labelName) {
        if (labelName == null) {
            return header.size() - 1;
        }
        int position = header.indexOf(labelName);
        if (position < 0) {
            throw ApiException.invalid("label", "column '" + labelName + "' is not in the header (line 1); the columns are "
                    + String.join(", ", header));
        }
        return position;
    }

    private static ApiException ragged(List<String> header, int size, long line) {
        int n = header.size();
        if (size < n) {
            return bad("line " + line + ", " + CsvFormats.column(header.get(size), size)
                    + ": the row ends after " + size + " of the " + n + " columns the header (line 1) names");
        }
        return bad("line " + line + ", column #" + (n + 1) + ": the row has " + size
                + " values but the header (line 1) names only " + n + " columns");
    }

    private CsvProfile finish(List<String> header, Column[] columns, int labelPosition, Task requested, int rows,
            long sizeBytes, String sha256) {
        Column label = columns[labelPosition];
        Task task = requested != null ? requested : label.inferTask();
        List<String> classes = null;
        Map<String, Integer> labelCodes = null;
        if (task == Task.REGRESSION && !label.numeric) {
            throw bad("line " + label.firstTextLine + ", " + label.describe() + ": the label '" + label.firstText
                    + "' is not a number, so the task cannot be regression");
        }
        if (task == Task.CLASSIFICATION) {
            if (label.overflowLine > 0) {
                throw bad("line " + label.overflowLine + ", " + label.describe() + ": the label has more than "
                        + maxCategories + " distinct values; that is too many classes (is this a regression target?)");
            }
            Coding coding = label.coding(true);
            labelCodes = coding.codes();
            classes = coding.names();
            if (classes.size() < 2) {
                throw bad("lines 2-" + label.lastLine + ", " + label.describe() + ": the label has a single class '"
                        + classes.get(0) + "'; classification needs at least two");
            }
        }
        List<CsvProfile.Feature> features = new ArrayList<>();
        for (Column c : columns) {
            if (c.position == labelPosition) {
                continue;
            }
            if (c.numeric) {
                features.add(new CsvProfile.Feature(c.name, c.position, ColumnType.NUMERIC, c.min, c.max, c.mean,
                        Math.sqrt(c.m2 / c.count), List.of(), Map.of()));
            } else {
                if (c.overflowLine > 0) {
                    throw bad("line " + c.overflowLine + ", " + c.describe() + ": more than " + maxCategories
                            + " distinct values in a column that is not numeric (line " + c.firstTextLine + " has '"
                            + c.firstText + "'); drop the column or make it numeric");
                }
                Coding coding = c.coding(false);
                features.add(new CsvProfile.Feature(c.name, c.position, ColumnType.CATEGORICAL, null, null, null,
                        null, coding.names(), coding.codes()));
            }
        }
        return new CsvProfile(List.copyOf(header), labelPosition, task, classes, labelCodes, List.copyOf(features),
                rows, sizeBytes, sha256);
    }

    /** Every distinct cell of a column mapped to its code, and the name shown for each code. */
    private record Coding(Map<String, Integer> codes, List<String> names) {
    }

    private static ApiException unreadable(CsvSource source, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CharacterCodingException) {
                return bad(Utf8Locator.describe(source));
            }
        }
        // FastCSV reports syntax errors (an unclosed quote, text after a closing quote) with their line.
        return bad("the file is not valid CSV: " + cause.getMessage());
    }

    static ApiException bad(String detail) {
        return ApiException.badRequest(detail);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Running summary of one column. */
    private static final class Column {

        final String name;
        final int position;
        final int cap;
        boolean numeric = true;
        boolean integral = true;
        long firstTextLine;
        String firstText;
        long count;
        double mean;
        double m2;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        /** Distinct cells; null once there are more than {@code cap}. */
        CellDictionary distinct = new CellDictionary();
        long overflowLine;
        long lastLine;

        Column(String name, int position, int cap) {
            this.name = name;
            this.position = position;
            this.cap = cap;
        }

        /**
         * @param x the cell as a number, NaN when it is not one or the column is no longer numeric
         * @return what a chunk holds for the cell in pass 1: its value while the column is numeric, else the
         *         cell's number in the order distinct cells were first seen (-1 past the cap)
         */
        float accept(double x, char[] buf, int off, int len, long line) {
            lastLine = line;
            if (numeric) {
                if (Double.isNaN(x)) {
                    numeric = false;
                    firstText = new String(buf, off, len);
                    firstTextLine = line;
                } else {
                    // Welford: one pass, no catastrophic cancellation on large offsets.
                    count++;
                    double delta = x - mean;
                    mean += delta / count;
                    m2 += delta * (x - mean);
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                    integral &= x == Math.rint(x);
                }
            }
            int id = -1;
            if (distinct != null) {
                id = distinct.add(buf, off, len);
                if (distinct.size() > cap) {
                    distinct = null;
                    overflowLine = line;
                }
            }
            return numeric ? (float) x : id;
        }

        /** A record spanning lines is reported at its last line, so lines noted at its first move there. */
        void relabel(long startLine, long endLine) {
            if (lastLine == startLine) {
                lastLine = endLine;
            }
            if (firstTextLine == startLine) {
                firstTextLine = endLine;
            }
            if (overflowLine == startLine) {
                overflowLine = endLine;
            }
        }

        String describe() {
            return CsvFormats.column(name, position);
        }

        Task inferTask() {
            if (!numeric) {
                return Task.CLASSIFICATION;
            }
            if (integral && distinct != null && coding(true).names().size() <= MAX_INFERRED_CLASSES) {
                return Task.CLASSIFICATION;
            }
            return Task.REGRESSION;
        }

        /**
         * Every distinct cell mapped to its code. With {@code mergeNumbers} a numeric column orders by value and
         * equal numbers ("1", "1.0") are one code shown as "1"; otherwise cells order lexicographically, so the
         * same values give the same codes in any file.
         */
        Coding coding(boolean mergeNumbers) {
            Map<String, Integer> codes = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            if (numeric && mergeNumbers) {
                TreeMap<Double, List<String>> byValue = new TreeMap<>();
                for (String cell : distinct.values()) {
                    byValue.computeIfAbsent(CsvFormats.number(cell), v -> new ArrayList<>()).add(cell);
                }
                int code = 0;
                for (var e : byValue.entrySet()) {
                    names.add(canonical(e.getKey()));
                    for (String cell : e.getValue()) {
                        codes.put(cell, code);
                    }
                    code++;
                }
            } else {
                List<String> sorted = new ArrayList<>(distinct.values());
                sorted.sort(Comparator.naturalOrder());
                for (int i = 0; i < sorted.size(); i++) {
                    codes.put(sorted.get(i), i);
                }
                names.addAll(sorted);
            }
            return new Coding(Map.copyOf(codes), List.copyOf(names));
        }

        static String canonical(double value) {
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
