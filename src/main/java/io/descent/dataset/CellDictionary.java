package io.descent.dataset;

import java.util.Arrays;
import java.util.List;

/**
 * The distinct cells of a column, numbered in the order first seen. Looked up by the characters themselves, so
 * that a value already seen costs no String: a column with few distinct values repeats them on every row.
 */
final class CellDictionary {

    private String[] values = new String[16];
    private int[] hashes = new int[16];
    /** Open addressing: id + 1 of the value hashed to a slot, 0 for a free slot; at most half full. */
    private int[] slots = new int[32];
    private int size;

    /** The id of the cell, adding it if new. */
    int add(char[] buf, int off, int len) {
        int hash = hash(buf, off, len);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return insert(slot, hash, new String(buf, off, len));
            }
            int id = entry - 1;
            if (hashes[id] == hash && same(values[id], buf, off, len)) {
                return id;
            }
        }
    }

    int size() {
        return size;
    }

    /** Every distinct cell, by id. */
    List<String> values() {
        return Arrays.asList(values).subList(0, size);
    }

    private int insert(int slot, int hash, String value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        values[size] = value;
        hashes[size] = hash;
        slots[slot] = ++size;
        if (size * 2 > slots.length) {
            rehash();
        }
        return size - 1;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = hashes[id] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    private static int hash(char[] buf, int off, int len) {
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + buf[i];
        }
        // Spread the high bits into the low ones that pick the slot.
        return h ^ (h >>> 16);
    }

    private static boolean same(String value, char[] buf, int off, int len) {
        if (value.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (value.charAt(i) != buf[off + i]) {
                return false;
            }
        }
        return true;
    }
}
