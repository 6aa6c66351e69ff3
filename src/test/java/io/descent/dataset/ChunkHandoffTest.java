package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.descent.web.ApiException;

class ChunkHandoffTest {

    @Test
    void consumerTakesEveryChunkInOrderOnItsOwnThread() {
        List<Integer> taken = new ArrayList<>();
        Thread caller = Thread.currentThread();
        String result = ChunkHandoff.run("test-producer", sink -> {
            assertThat(Thread.currentThread()).isNotSameAs(caller);
            for (int i = 0; i < 10; i++) {
                sink.accept(i, i * 3, 3, new byte[] {(byte) i});
            }
            return "done";
        }, (index, firstRow, rows, data) -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            assertThat(data[0]).isEqualTo((byte) index);
            taken.add(firstRow);
        });
        assertThat(result).isEqualTo("done");
        assertThat(taken).containsExactly(0, 3, 6, 9, 12, 15, 18, 21, 24, 27);
    }

    @Test
    void producerFailureReachesTheCallerAfterTheChunksBeforeIt() {
        List<Integer> taken = new ArrayList<>();
        ApiException bad = ApiException.badRequest("line 9, column 1: broken");
        assertThatThrownBy(() -> ChunkHandoff.run("test-producer", sink -> {
            sink.accept(0, 0, 1, new byte[0]);
            sink.accept(1, 1, 1, new byte[0]);
            throw bad;
        }, (index, firstRow, rows, data) -> taken.add(index))).isSameAs(bad);
        assertThat(taken).containsExactly(0, 1);
    }

    @Test
    @Timeout(10)
    void consumerFailureStopsTheProducer() {
        AtomicBoolean stopped = new AtomicBoolean();
        IllegalStateException full = new IllegalStateException("disk full");
        assertThatThrownBy(() -> ChunkHandoff.run("test-producer", sink -> {
            try {
                for (int i = 0; ; i++) {
                    sink.accept(i, i, 1, new byte[0]);
                }
            } finally {
                stopped.set(true);
            }
        }, (index, firstRow, rows, data) -> {
            if (index == 3) {
                throw full;
            }
        })).isSameAs(full);
        // run() waits for the producer, so that it no longer reads the upload once the caller moves on
        assertThat(stopped).isTrue();
    }
}
