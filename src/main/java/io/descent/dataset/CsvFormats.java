package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.io.input.BOMInputStream;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import tools.jackson.core.io.NumberInput;

/** The one CSV dialect every reader of an upload uses, so that they cannot disagree about a cell. */
final class CsvFormats {

    /** Cells that mean "no value"; a dataset must be complete, so these are rejected rather than guessed. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan");

    /** Every power of ten that a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];

    static {
        EXACT_POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < EXACT_POWERS_OF_TEN.length; i++) {
            EXACT_POWERS_OF_TEN[i] = EXACT_POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private CsvFormats() {
    }

    /**
     * RFC 4180: comma, double quotes, blank lines skipped; an unclosed quote or text after a closing quote is a
     * syntax error (the latter is FastCSV's default, whose switch is deprecated; CsvProfilerTest holds it). Rows
     * whose length differs from the header's are passed through, because the callers report them with the line and
     * the column the header names.
     */
    static <T> CsvReader<T> reader(CsvCallbackHandler<T> handler, Reader text) {
        return CsvReader.builder()
                .fieldSeparator(',')
                .quoteCharacter('"')
                .skipEmptyLines(true)
                .allowUnclosedQuote(false)
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .build(handler, text);
    }

    /** Strict UTF-8: a malformed byte fails the read instead of silently becoming U+FFFD. A leading BOM is dropped. */
    static Reader strictUtf8(InputStream in) throws IOException {
        InputStream noBom = BOMInputStream.builder().setInputStream(in).get();
        return new InputStreamReader(noBom, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    static boolean missing(String cell) {
        return cell.length() <= 3 && MISSING.contains(cell.toLowerCase(Locale.ROOT));
    }

    static boolean missing(char[] buf, int off, int len) {
        return len <= 3 && missing(new String(buf, off, len));
    }

    /**
     * The cell as a finite number, or NaN when it is not one. Double.parseDouble alone would also accept
     * "1f", "0x1p3", "Infinity" and "NaN", which in a CSV are text.
     */
    static double number(String cell) {
        return number(cell.toCharArray(), 0, cell.length());
    }

    /** {@link #number(String)} of {@code len} characters of {@code buf} from {@code off}, without copying them. */
    static double number(char[] buf, int off, int len) {
        if (len == 0 || len > 64) {
            return Double.NaN;
        }
        int end = off + len;
        int i = off;
        boolean negative = buf[i] == '-';
        if (negative || buf[i] == '+') {
            i++;
        }
        long digits = 0;
        int count = 0;
        int scale = 0;
        boolean dot = false;
        for (; i < end; i++) {
            char c = buf[i];
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                count++;
                if (dot) {
                    scale++;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (i == end && count > 0 && count <= 15) {
            // Plain decimals of up to 15 digits, most numeric CSV cells: the digits (< 2^53) and the power of ten
            // are exact doubles, so one correctly rounded division gives exactly Double.parseDouble's value
            // (Clinger's fast path), without a String or a general parser.
            double value = digits / EXACT_POWERS_OF_TEN[scale];
            return negative ? -value : value;
        }
        return general(buf, off, len);
    }

    private static double general(char[] buf, int off, int len) {
        boolean digit = false;
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            // Jackson's bundled FastDoubleParser: correctly rounded like Double.parseDouble (same value for every
            // input the check above lets through) and several times faster.
            double d = NumberInput.parseDouble(buf, off, len, true);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** "column 'petal_width' (#4)": by name and 1-based number, as users count. */
    static String column(String name, int position) {
        return "column '" + name + "' (#" + (position + 1) + ")";
    }
}
