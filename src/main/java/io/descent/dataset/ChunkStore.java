package io.descent.dataset;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The binary row blocks of datasets. Plain JDBC: blocks are streamed one at a time and never mapped as entities. */
@Repository
class ChunkStore {

    /** Receives one stored block; {@code data} is only valid during the call's loop iteration. */
    @FunctionalInterface
    interface ChunkReader {
        void accept(int firstRow, int rows, byte[] data);
    }

    private final JdbcTemplate jdbc;

    ChunkStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        // PostgreSQL buffers a whole result unless a fetch size is set (and a transaction is open); a dataset's
        // chunks can be hundreds of megabytes.
        this.jdbc.setFetchSize(4);
    }

    void insert(UUID datasetId, int chunkIndex, int firstRow, int rows, byte[] data) {
        jdbc.update("insert into dataset_chunk (dataset_id, chunk_index, first_row, row_count, data) values (?, ?, ?, ?, ?)",
                datasetId, chunkIndex, firstRow, rows, data);
    }

    /** Passes every block of a dataset through {@code recode} and stores the result; one block in memory at a time. */
    void recode(UUID datasetId, CsvEncoder.Recode recode) {
        List<int[]> blocks = jdbc.query("select chunk_index, row_count from dataset_chunk where dataset_id = ?"
                + " order by chunk_index", (rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)}, datasetId);
        for (int[] block : blocks) {
            byte[] data = jdbc.queryForObject("select data from dataset_chunk where dataset_id = ? and chunk_index = ?",
                    byte[].class, datasetId, block[0]);
            recode.apply(data, block[1]);
            jdbc.update("update dataset_chunk set data = ? where dataset_id = ? and chunk_index = ?", data, datasetId,
                    block[0]);
        }
    }

    /** The blocks holding any of the rows {@code [from, to)}, in row order. */
    void read(UUID datasetId, int from, int to, ChunkReader reader) {
        jdbc.query("select first_row, row_count, data from dataset_chunk where dataset_id = ? and first_row < ?"
                        + " and first_row + row_count > ? order by chunk_index",
                rs -> {
                    reader.accept(rs.getInt(1), rs.getInt(2), rs.getBytes(3));
                }, datasetId, to, from);
    }

    int delete(UUID datasetId) {
        return jdbc.update("delete from dataset_chunk where dataset_id = ?", datasetId);
    }
}
