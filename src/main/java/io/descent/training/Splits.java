package io.descent.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Row splits for validation. Shuffles come from {@link SplittableRandom} seeded with the job seed, so a split is
 * a pure function of (rows, labels, seed) and a resumed job recomputes the same one. Rows in each returned array
 * are sorted, which keeps training independent of the order the split was drawn in.
 */
public final class Splits {

    /** Training and validation rows of one split. */
    public record Split(int[] trainRows, int[] validationRows) {
    }

    private Splits() {
    }

    /**
     * Holds out {@code fraction} of the rows. With {@code classes} (class index per row) each class is split in
     * the same proportion, so a rare class cannot vanish from either side by bad luck.
     */
    public static Split holdout(int rows, int[] classes, double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("holdout must be in [0, 1)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> groups = groups(rows, classes);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int[] group : groups) {
            shuffle(group, random);
            int held = (int) Math.round(fraction * group.length);
            for (int i = 0; i < group.length; i++) {
                (i < held ? validation : train).add(group[i]);
            }
        }
        return new Split(sorted(train), sorted(validation));
    }

    /**
     * k disjoint folds covering each row once. Stratified folds deal each class's shuffled rows round-robin,
     * continuing where the previous class stopped, so every fold holds floor or ceil of (class count / k) rows
     * of each class and fold sizes differ by at most one.
     */
    public static List<Split> kFold(int rows, int[] classes, int k, long seed) {
        if (k < 2 || k > rows) {
            throw new IllegalArgumentException("folds must be between 2 and the number of rows");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        for (int[] group : groups(rows, classes)) {
            shuffle(group, random);
            for (int row : group) {
                folds.get(next).add(row);
                next = (next + 1) % k;
            }
        }
        List<Split> splits = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            for (int g = 0; g < k; g++) {
                if (g != f) {
                    train.addAll(folds.get(g));
                }
            }
            splits.add(new Split(sorted(train), sorted(folds.get(f))));
        }
        return splits;
    }

    /** Class indices of a classification table's rows, as Splits expects them. */
    public static int[] classesOf(float[] labels) {
        int[] c = new int[labels.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = (int) labels[i];
        }
        return c;
    }

    private static List<int[]> groups(int rows, int[] classes) {
        if (classes == null) {
            int[] all = new int[rows];
            Arrays.setAll(all, i -> i);
            return List.of(all);
        }
        int max = Arrays.stream(classes).max().orElse(-1);
        List<int[]> groups = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            final int cls = c;
            int[] members = java.util.stream.IntStream.range(0, rows).filter(i -> classes[i] == cls).toArray();
            if (members.length > 0) {
                groups.add(members);
            }
        }
        return groups;
    }

    static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sorted(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
