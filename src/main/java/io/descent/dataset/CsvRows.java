package io.descent.dataset;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;

/**
 * Reads the records of a CSV in {@link CsvFormats}'s dialect and hands each cell, trimmed, to a {@link Cells} as a
 * range of the reader's buffer: a numeric file is parsed without one String per cell.
 */
final class CsvRows extends AbstractBaseCsvCallbackHandler<CsvRows> implements AutoCloseable {

    /** Receives the cells of the record being read. */
    interface Cells {

        /** Cell {@code index} of the current record; {@code buf} is only valid during the call. */
        void cell(int index, char[] buf, int off, int len);
    }

    private final CsvReader<CsvRows> reader;
    private final CloseableIterator<CsvRows> records;
    private Cells target;
    private long startLine;
    private long endLine;

    CsvRows(Reader text) {
        this.reader = CsvFormats.reader(this, text);
        this.records = reader.iterator();
    }

    /**
     * Reads the next record, handing its cells to {@code cells}.
     *
     * @return false at the end of the file
     * @throws de.siegmar.fastcsv.reader.CsvParseException on malformed CSV (an unclosed quote, text after one)
     * @throws java.io.UncheckedIOException when the text cannot be read
     */
    boolean next(Cells cells) {
        target = cells;
        if (!records.hasNext()) {
            return false;
        }
        records.next();
        return true;
    }

    /** The next record as strings, or null at the end of the file. */
    List<String> nextStrings() {
        List<String> cells = new ArrayList<>();
        return next((index, buf, off, len) -> cells.add(new String(buf, off, len))) ? cells : null;
    }

    /** Number of cells in the record just read. */
    int size() {
        return getFieldCount();
    }

    /**
     * The line the record just read ends on, counting from 1, which is the line it is on unless a quoted cell
     * spans lines.
     */
    long line() {
        return endLine;
    }

    /** The line the record just read starts on. */
    long startLine() {
        return startLine;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
        startLine = startingLineNumber;
        endLine = startingLineNumber;
    }

    @Override
    protected void handleField(int index, char[] buf, int off, int len, boolean quoted) {
        if (quoted) {
            endLine += lineBreaks(buf, off, len);
        }
        int start = off;
        int end = off + len;
        // String.trim's notion of blank, as before: every cell is trimmed, quoted or not.
        while (start < end && buf[start] <= ' ') {
            start++;
        }
        while (end > start && buf[end - 1] <= ' ') {
            end--;
        }
        target.cell(index, buf, start, end - start);
    }

    private static int lineBreaks(char[] buf, int off, int len) {
        int breaks = 0;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == '\n' || buf[i] == '\r' && (i + 1 == off + len || buf[i + 1] != '\n')) {
                breaks++;
            }
        }
        return breaks;
    }

    @Override
    protected CsvRows buildRecord() {
        return this;
    }

    @Override
    public void close() throws java.io.IOException {
        reader.close();
    }
}
