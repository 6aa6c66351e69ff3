package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CellDictionaryTest {

    private static int add(CellDictionary d, String padded, int off, int len) {
        return d.add(padded.toCharArray(), off, len);
    }

    @Test
    void numbersDistinctCellsInFirstSeenOrder() {
        CellDictionary d = new CellDictionary();
        assertThat(add(d, "[red]", 1, 3)).isZero();
        assertThat(add(d, "blue", 0, 4)).isEqualTo(1);
        assertThat(add(d, "xxred", 2, 3)).isZero();
        assertThat(add(d, "re", 0, 2)).isEqualTo(2);
        assertThat(add(d, "", 0, 0)).isEqualTo(3);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.values()).containsExactly("red", "blue", "re", "");
    }

    @Test
    void keepsEveryValueAcrossGrowth() {
        CellDictionary d = new CellDictionary();
        for (int i = 0; i < 5000; i++) {
            assertThat(add(d, "v" + i, 0, ("v" + i).length())).isEqualTo(i);
        }
        for (int i = 4999; i >= 0; i--) {
            assertThat(add(d, "v" + i, 0, ("v" + i).length())).isEqualTo(i);
        }
        // equal String hash codes must still be told apart
        assertThat(add(d, "Aa", 0, 2)).isEqualTo(5000);
        assertThat(add(d, "BB", 0, 2)).isEqualTo(5001);
        assertThat(d.values().get(4321)).isEqualTo("v4321");
    }
}
