package io.descent.dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A block of rows as bytes: column after column, float32 little-endian. Column-major so that decoding a block is
 * one bulk copy per column straight into the column arrays of a {@link DatasetTable}.
 */
final class ChunkCodec {

    private ChunkCodec() {
    }

    /**
     * @param block   {@code columns} runs of {@code stride} floats; the first {@code rows} of each run are used
     */
    static byte[] encode(float[] block, int columns, int stride, int rows) {
        ByteBuffer bytes = ByteBuffer.allocate(columns * rows * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int c = 0; c < columns; c++) {
            floats.put(block, c * stride, rows);
        }
        return bytes.array();
    }

    /** Copies column {@code c} of a chunk of {@code rows} rows into {@code target} from {@code targetOffset}. */
    static void decodeColumn(byte[] chunk, int rows, int c, float[] target, int targetOffset) {
        FloatBuffer floats = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        floats.position(c * rows);
        floats.get(target, targetOffset, rows);
    }

    /** Replaces each value of column {@code c} of a chunk of {@code rows} rows, in place. */
    static void mapColumn(byte[] chunk, int rows, int c, CsvEncoder.ValueMap map) {
        FloatBuffer floats = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = c * rows; i < (c + 1) * rows; i++) {
            floats.put(i, map.apply(floats.get(i)));
        }
    }

    static int columns(byte[] chunk, int rows) {
        return chunk.length / Float.BYTES / rows;
    }
}
