package io.descent.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.descent.dataset.DatasetTable.ColumnType;

/**
 * Pass 2 over an upload, needed only when pass 1 could not encode the rows itself (see
 * {@link CsvProfiler#scan}): turns each row into floats (numeric value or category code per feature, then the
 * class code or value of the label) and hands blocks of {@code rowsPerChunk} rows to a sink, so at most one block
 * is in memory.
 */
final class CsvEncoder {

    @FunctionalInterface
    interface ChunkSink {
        void accept(int chunkIndex, int firstRow, int rows, byte[] data);
    }

    /** Turns a value that pass 1 stored into the value of the stored format. */
    @FunctionalInterface
    interface ValueMap {
        float apply(float stored);
    }

    /**
     * How to finish the chunks of pass 1.
     *
     * @param columns per chunk column (features, then the label), the map to apply, or null to keep the values
     */
    record Recode(ValueMap[] columns) {

        boolean identity() {
            for (ValueMap map : columns) {
                if (map != null) {
                    return false;
                }
            }
            return true;
        }

        void apply(byte[] chunk, int rows) {
            for (int c = 0; c < columns.length; c++) {
                if (columns[c] != null) {
                    ChunkCodec.mapColumn(chunk, rows, c, columns[c]);
                }
            }
        }
    }

    private CsvEncoder() {
    }

    /** Rows per block so that a block is about {@code targetBytes}. */
    static int rowsPerChunk(CsvProfile profile, long targetBytes) {
        return rowsPerChunk(profile.features().size() + 1, targetBytes);
    }

    /** Rows per block of {@code columns} columns (features and label) so that a block is about {@code targetBytes}. */
    static int rowsPerChunk(int columns, long targetBytes) {
        long perRow = (long) columns * Float.BYTES;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE / 8, targetBytes / perRow));
    }

    static void encode(CsvSource source, CsvProfile profile, int rowsPerChunk, ChunkSink sink) {
        List<CsvProfile.Feature> features = profile.features();
        int columns = features.size() + 1;
        int stride = Math.min(rowsPerChunk, profile.rows());
        Row row = new Row(profile, stride);
        int rows = 0;
        int chunk = 0;
        try (InputStream in = source.open(); CsvRows records = new CsvRows(CsvFormats.strictUtf8(in))) {
            records.nextStrings();
            while (records.next(row)) {
                if (rows == profile.rows() || records.size() != profile.header().size() || row.changed) {
                    throw changed();
                }
                rows++;
                if (++row.inBlock == stride) {
                    sink.accept(chunk++, rows - stride, stride, ChunkCodec.encode(row.block, columns, stride, stride));
                    row.inBlock = 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (row.inBlock > 0) {
            sink.accept(chunk, rows - row.inBlock, row.inBlock,
                    ChunkCodec.encode(row.block, columns, stride, row.inBlock));
        }
        if (rows != profile.rows()) {
            throw changed();
        }
    }

    /** Writes each cell of a record into the block; notes a cell that pass 1 would not have accepted. */
    private static final class Row implements CsvRows.Cells {

        final float[] block;
        /** Per file column: where its run starts in the block, and its feature (null for the label). */
        final int[] offsets;
        final CsvProfile.Feature[] features;
        final CsvProfile profile;
        int inBlock;
        boolean changed;

        Row(CsvProfile profile, int stride) {
            this.profile = profile;
            int n = profile.header().size();
            block = new float[n * stride];
            offsets = new int[n];
            features = new CsvProfile.Feature[n];
            List<CsvProfile.Feature> list = profile.features();
            for (int f = 0; f < list.size(); f++) {
                features[list.get(f).position()] = list.get(f);
                offsets[list.get(f).position()] = f * stride;
            }
            offsets[profile.labelPosition()] = list.size() * stride;
        }

        @Override
        public void cell(int index, char[] buf, int off, int len) {
            if (index >= offsets.length) {
                return; // the record's length is checked once it ends
            }
            CsvProfile.Feature feature = features[index];
            float value;
            if (feature != null) {
                value = feature.type() == ColumnType.NUMERIC ? number(buf, off, len)
                        : code(feature.codes().get(new String(buf, off, len)));
            } else {
                value = profile.task() == Task.CLASSIFICATION
                        ? code(profile.labelCodes().get(new String(buf, off, len))) : number(buf, off, len);
            }
            if (Float.isNaN(value)) {
                changed = true;
            } else {
                block[offsets[index] + inBlock] = value;
            }
        }
    }

    private static float number(char[] buf, int off, int len) {
        return (float) CsvFormats.number(buf, off, len);
    }

    private static float code(Integer code) {
        return code == null ? Float.NaN : code;
    }

    /** Pass 1 accepted every cell, so a disagreement means the bytes changed between the passes. */
    private static IllegalStateException changed() {
        return new IllegalStateException("the upload changed between the validating and the encoding pass");
    }
}
