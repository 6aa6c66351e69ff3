package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.CountingInputStream;

import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.web.ApiException;

/**
 * Pass 1 over an upload: validates every cell and infers column types, statistics, categories, classes and the
 * task, keeping only per-column summaries in memory (at most {@code maxCategories + 1} distinct strings a column),
 * so the file's size does not matter.
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
        MessageDigest sha256 = sha256();
        try (InputStream raw = source.open();
                CountingInputStream counted = new CountingInputStream(raw);
                DigestInputStream digested = new DigestInputStream(counted, sha256);
                Reader reader = CsvFormats.strictUtf8(digested);
                CSVParser parser = CsvFormats.FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw bad("line 1, column 1: the file is empty; expected a header row naming the columns");
            }
            List<String> header = header(records.next());
            int labelPosition = labelPosition(header, labelName);
            Column[] columns = new Column[header.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = new Column(header.get(i), i, maxCategories);
            }
            int rows = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                long line = parser.getCurrentLineNumber();
                if (record.size() != columns.length) {
                    throw ragged(header, record, line);
                }
                for (int i = 0; i < columns.length; i++) {
                    String cell = record.get(i);
                    if (CsvFormats.missing(cell)) {
                        throw bad("line " + line + ", " + CsvFormats.column(header.get(i), i) + ": "
                                + (cell.isEmpty() ? "the value is empty" : "the value is '" + cell + "'")
                                + "; every cell needs a value (drop or fill in rows with missing values)");
                    }
                    columns[i].accept(cell, line);
                }
                if (++rows == Integer.MAX_VALUE) {
                    throw bad("line " + line + ", column 1: more than " + (Integer.MAX_VALUE - 1) + " rows");
                }
            }
            if (rows == 0) {
                throw bad("line 2, column 1: the file has a header (line 1) but no data rows");
            }
            digested.transferTo(OutputStream.nullOutputStream());
            return finish(header, columns, labelPosition, task, rows, counted.getByteCount(),
                    HexFormat.of().formatHex(sha256.digest()));
        } catch (UncheckedIOException e) {
            throw unreadable(source, e.getCause());
        } catch (IOException e) {
            throw unreadable(source, e);
        }
    }

    private static List<String> header(CSVRecord record) {
        List<String> header = record.toList();
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

    private static ApiException ragged(List<String> header, CSVRecord record, long line) {
        int n = header.size();
        if (record.size() < n) {
            return bad("line " + line + ", " + CsvFormats.column(header.get(record.size()), record.size())
                    + ": the row ends after " + record.size() + " of the " + n + " columns the header (line 1) names");
        }
        return bad("line " + line + ", column #" + (n + 1) + ": the row has " + record.size()
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
        if (cause instanceof CharacterCodingException) {
            return bad(Utf8Locator.describe(source));
        }
        // commons-csv reports syntax errors (an unclosed quote, text after a closing quote) with their line.
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
        Set<String> distinct = new HashSet<>();
        long overflowLine;
        long lastLine;

        Column(String name, int position, int cap) {
            this.name = name;
            this.position = position;
            this.cap = cap;
        }

        void accept(String cell, long line) {
            lastLine = line;
            if (numeric) {
                double x = CsvFormats.number(cell);
                if (Double.isNaN(x)) {
                    numeric = false;
                    firstText = cell;
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
            if (distinct != null && distinct.add(cell) && distinct.size() > cap) {
                distinct = null;
                overflowLine = line;
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
                for (String cell : distinct) {
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
                List<String> sorted = new ArrayList<>(distinct);
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
