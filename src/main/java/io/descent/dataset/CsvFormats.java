package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.io.input.BOMInputStream;

import tools.jackson.core.io.NumberInput;

/** The one CSV dialect both passes read, so that they cannot disagree about a cell. */
final class CsvFormats {

    /** Cells that mean "no value"; a dataset must be complete, so these are rejected rather than guessed. */
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan");

    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();

    private CsvFormats() {
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

    /**
     * The cell as a finite number, or NaN when it is not one. Double.parseDouble alone would also accept
     * "1f", "0x1p3", "Infinity" and "NaN", which in a CSV are text.
     */
    static double number(String cell) {
        int n = cell.length();
        if (n == 0 || n > 64) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = cell.charAt(i);
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
            // input the check above lets through) and several times faster; both ingest passes parse every cell.
            double d = NumberInput.parseDouble(cell, true);
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
