package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.descent.dataset.DatasetTable.ColumnType;

/**
 * Pass 2 over an upload: turns each row into floats (numeric value or category code per feature, then the class
 * code or value of the label) and hands blocks of {@code rowsPerChunk} rows to a sink, so at most one block is
 * in memory.
 */
final class CsvEncoder {

    @FunctionalInterface
    interface ChunkSink {
        void accept(int chunkIndex, int firstRow, int rows, byte[] data);
    }

    private CsvEncoder() {
    }

    /** Rows per block so that a block is about {@code targetBytes}. */
    static int rowsPerChunk(CsvProfile profile, long targetBytes) {
        long perRow = (long) (profile.features().size() + 1) * Float.BYTES;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 8, targetBytes / perRow));
    }

    static void encode(CsvSource source, CsvProfile profile, int rowsPerChunk, ChunkSink sink) {
        List<CsvProfile.Feature> features = profile.features();
        int columns = features.size() + 1;
        int stride = Math.min(rowsPerChunk, profile.rows());
        float[] block = new float[columns * stride];
        int labelOffset = features.size() * stride;
        int row = 0;
        int inBlock = 0;
        int chunk = 0;
        try (InputStream in = source.open(); Reader reader = CsvFormats.strictUtf8(in);
                CSVParser parser = CsvFormats.FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next();
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (row == profile.rows() || record.size() != profile.header().size()) {
                    throw changed();
                }
                for (int f = 0; f < features.size(); f++) {
                    CsvProfile.Feature feature = features.get(f);
                    String cell = record.get(feature.position());
                    block[f * stride + inBlock] = feature.type() == ColumnType.NUMERIC ? number(cell)
                            : code(feature.codes().get(cell));
                }
                String label = record.get(profile.labelPosition());
                block[labelOffset + inBlock] = profile.task() == Task.CLASSIFICATION
                        ? code(profile.labelCodes().get(label)) : number(label);
                row++;
                if (++inBlock == stride) {
                    sink.accept(chunk++, row - inBlock, inBlock, ChunkCodec.encode(block, columns, stride, inBlock));
                    inBlock = 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (inBlock > 0) {
            sink.accept(chunk, row - inBlock, inBlock, ChunkCodec.encode(block, columns, stride, inBlock));
        }
        if (row != profile.rows()) {
            throw changed();
        }
    }

    private static float number(String cell) {
        double value = CsvFormats.number(cell);
        if (Double.isNaN(value)) {
            throw changed();
        }
        return (float) value;
    }

    private static float code(Integer code) {
        if (code == null) {
            throw changed();
        }
        return code;
    }

    /** Pass 1 accepted every cell, so a disagreement means the bytes changed between the passes. */
    private static IllegalStateException changed() {
        return new IllegalStateException("the upload changed between the validating and the encoding pass");
    }
}
