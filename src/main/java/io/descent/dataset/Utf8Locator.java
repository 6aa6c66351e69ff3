package io.descent.dataset;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds where a file stops being UTF-8. Only runs after the streaming decoder failed, because the decoder reports
 * that something is malformed but not where. A newline byte never occurs inside a multi-byte UTF-8 sequence, so
 * the file can be checked line by line.
 */
final class Utf8Locator {

    private Utf8Locator() {
    }

    static String describe(CsvSource source) {
        try (InputStream in = new BufferedInputStream(source.open(), 1 << 16)) {
            List<String> header = null;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineNumber = 1;
            boolean first = true;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    byte[] bytes = line.toByteArray();
                    if (first && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                            && (bytes[2] & 0xff) == 0xBF) {
                        bytes = Arrays.copyOfRange(bytes, 3, bytes.length);
                    }
                    Located bad = check(bytes);
                    if (bad != null) {
                        return "line " + lineNumber + ", " + column(header, bad.prefix()) + ": byte 0x"
                                + String.format("%02X", bad.value()) + " is not valid UTF-8; save the file as UTF-8";
                    }
                    if (first) {
                        header = cells(new String(bytes, StandardCharsets.UTF_8));
                        first = false;
                    }
                    if (b < 0) {
                        break;
                    }
                    line.reset();
                    lineNumber++;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            // Fall through to the general answer: the upload itself was readable a moment ago.
        }
        return "the file is not valid UTF-8; save it as UTF-8";
    }

    private record Located(String prefix, int value) {
    }

    private static Located check(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            out.flip();
            return new Located(out.toString(), at < bytes.length ? bytes[at] & 0xff : 0);
        }
        return null;
    }

    /** The column the bad byte falls in: the number of cells in the valid text before it. */
    private static String column(List<String> header, String prefix) {
        // A stand-in character so that a bad byte right after a comma counts as the next cell.
        List<String> cells = cells(prefix + "x");
        int position = Math.max(0, cells.size() - 1);
        if (header != null && position < header.size()) {
            return CsvFormats.column(header.get(position), position);
        }
        return "column #" + (position + 1);
    }

    private static List<String> cells(String text) {
        try (CsvRows records = new CsvRows(new StringReader(text))) {
            List<String> cells = records.nextStrings();
            return cells == null ? List.of() : cells;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
