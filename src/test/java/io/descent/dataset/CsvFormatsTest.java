package io.descent.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CsvFormatsTest {

    /** The fast parser must give exactly Double.parseDouble's value for every cell the syntax check admits. */
    @Test
    void numbersParseToTheSameBitsAsDoubleParseDouble() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> r.nextDouble() * 100;
                case 1 -> Double.longBitsToDouble(r.nextLong());
                case 2 -> r.nextInt(-1000, 1000);
                default -> r.nextGaussian() * 1e-7;
            };
            if (!Double.isFinite(x)) {
                continue;
            }
            for (String cell : List.of(Double.toString(x), String.format("%.4f", x), String.format("%.17g", x),
                    String.format("%e", x))) {
                if (cell.length() > 64) {
                    continue; // longer cells are text by rule, whatever their digits
                }
                assertEquals(Double.doubleToRawLongBits(Double.parseDouble(cell)),
                        Double.doubleToRawLongBits(CsvFormats.number(cell)), cell);
            }
        }
        for (String cell : List.of("1", "-0", "+3.5", ".5", "5.", "1e3", "1E-3", "4.9e-324", "1.7976931348623157e308",
                "2.2250738585072011e-308", "0.1000000000000000055511151231257827")) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(cell)),
                    Double.doubleToRawLongBits(CsvFormats.number(cell)), cell);
        }
        for (String cell : List.of("1e999", "-", "e", "1-2", "1..2", "1e", "Infinity", "0x1p3", "1f", "NaN", "", "+",
                ".", "-.", "1.2.3", "--1", "+-1", "1 2")) {
            assertTrue(Double.isNaN(CsvFormats.number(cell)), cell);
        }
    }

    /** Ingest parses cells where the CSV reader's buffer holds them, between other characters. */
    @Test
    void numberWithinABufferReadsOnlyItsRange() {
        for (String cell : List.of("3.25", "-0", "12345678901234567", "1e-5", "7", "x", "1.5.")) {
            char[] buf = ("99" + cell + "9,").toCharArray();
            assertEquals(Double.doubleToRawLongBits(CsvFormats.number(cell)),
                    Double.doubleToRawLongBits(CsvFormats.number(buf, 2, cell.length())), cell);
        }
        assertEquals(3.25, CsvFormats.number("3.25"));
        assertTrue(Double.isNaN(CsvFormats.number("x".toCharArray(), 0, 1)));
    }
}
