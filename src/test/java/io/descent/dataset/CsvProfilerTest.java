package io.descent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.descent.dataset.DatasetTable.ColumnType;
import io.descent.web.ApiException;

class CsvProfilerTest {

    private final CsvProfiler profiler = new CsvProfiler(5);

    static CsvSource csv(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static CsvSource bytes(byte[] data) {
        return new CsvSource() {
            @Override
            public String filename() {
                return "test.csv";
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }
        };
    }

    private CsvProfile profile(String text) {
        return profiler.profile(csv(text), null, null);
    }

    private String problem(String text) {
        return problem(csv(text), null, null);
    }

    private String problem(CsvSource source, String label, Task task) {
        try {
            profiler.profile(source, label, task);
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            return e.getMessage();
        }
        throw new AssertionError("expected a 400");
    }

    @Test
    void emptyFile() {
        assertThat(problem("")).contains("line 1", "column 1", "empty");
    }

    @Test
    void headerOnly() {
        assertThat(problem("a,b\n")).contains("line 2", "column 1", "no data rows");
    }

    @Test
    void raggedRowTooShort() {
        assertThat(problem("a,b,c\n1,2,3\n4,5\n")).contains("line 3", "column 'c' (#3)", "ends after 2 of the 3");
    }

    @Test
    void raggedRowTooLong() {
        assertThat(problem("a,b\n1,2\n3,4,5\n")).contains("line 3", "column #3", "3 values", "only 2");
    }

    @Test
    void emptyCell() {
        assertThat(problem("a,b,c\n1,2,0\n1,,1\n")).contains("line 3", "column 'b' (#2)", "empty");
    }

    @Test
    void naCell() {
        assertThat(problem("a,b,c\n1,2,0\n3,4,1\nNA,5,0\n")).contains("line 4", "column 'a' (#1)", "'NA'");
    }

    @Test
    void duplicateHeader() {
        assertThat(problem("x,y,x\n1,2,0\n")).contains("line 1", "column 'x' (#3)", "duplicate", "#1");
    }

    @Test
    void emptyHeaderName() {
        assertThat(problem("x,,y\n1,2,0\n")).contains("line 1", "column #2");
    }

    @Test
    void singleClassLabel() {
        assertThat(problem("a,label\n1,0\n2,0\n3,0\n")).contains("lines 2-4", "column 'label' (#2)", "single class '0'");
    }

    @Test
    void nonUtf8NamesLineAndColumn() {
        byte[] latin1 = "name,size,label\nred,1,0\nr\u00e9d,2,1\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problem(bytes(latin1), null, null))
                .contains("line 3", "column 'name' (#1)", "0xE9", "UTF-8");
    }

    @Test
    void nonUtf8InLaterColumn() {
        byte[] latin1 = "a,color,label\n1,gr\u00fcn,0\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problem(bytes(latin1), null, null)).contains("line 2", "column 'color' (#2)", "0xFC");
    }

    @Test
    void unknownLabel() {
        ApiException e = (ApiException) catchThrowable(() -> profiler.profile(csv("a,b\n1,0\n2,1\n"), "c", null));
        assertThat(e.getMessage()).contains("'c'", "line 1", "a, b");
        assertThat(e.errors()).extracting(ApiException.FieldProblem::field).containsExactly("label");
    }

    @Test
    void regressionOnTextLabel() {
        assertThat(problem(csv("a,b\n1,x\n2,y\n"), null, Task.REGRESSION))
                .contains("line 2", "column 'b' (#2)", "'x'", "regression");
    }

    @Test
    void tooManyCategories() {
        StringBuilder text = new StringBuilder("word,label\n");
        for (int i = 0; i < 7; i++) {
            text.append("w").append(i).append(',').append(i % 2).append('\n');
        }
        // cap is 5: the sixth distinct value, on line 7, is one too many
        assertThat(problem(text.toString())).contains("line 7", "column 'word' (#1)", "more than 5");
    }

    @Test
    void textAfterAClosingQuoteIsASyntaxError() {
        assertThat(problem("a,b\n1,0\n\"2\"x,1\n")).contains("line 3", "not valid CSV");
    }

    @Test
    void unclosedQuoteIsASyntaxError() {
        assertThat(problem("a,b\n1,0\n\"2,1\n")).contains("line", "not valid CSV");
    }

    @Test
    void numericIntegerLabelWithFewValuesIsClassificationOrderedNumerically() {
        CsvProfile p = profile("x,label\n1.5,10\n2.5,2\n3.5,1.0\n4.5,2\n");
        assertThat(p.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(p.classes()).containsExactly("1", "2", "10");
        assertThat(p.labelCodes()).containsEntry("1.0", 0).containsEntry("2", 1).containsEntry("10", 2);
        assertThat(p.rows()).isEqualTo(4);
    }

    @Test
    void textLabelIsClassificationOrderedLexicographically() {
        CsvProfile p = profile("x,label\n1,setosa\n2,virginica\n3,versicolor\n");
        assertThat(p.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(p.classes()).containsExactly("setosa", "versicolor", "virginica");
    }

    @Test
    void fractionalLabelIsRegression() {
        CsvProfile p = profile("x,y\n1,0.5\n2,1.5\n");
        assertThat(p.task()).isEqualTo(Task.REGRESSION);
        assertThat(p.classes()).isNull();
    }

    @Test
    void moreThanTwentyDistinctIntegersIsRegression() {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 21; i++) {
            text.append(i).append(',').append(i).append('\n');
        }
        assertThat(new CsvProfiler(1000).profile(csv(text.toString()), null, null).task()).isEqualTo(Task.REGRESSION);
        String twenty = text.substring(0, text.lastIndexOf("20,20"));
        assertThat(new CsvProfiler(1000).profile(csv(twenty), null, null).task()).isEqualTo(Task.CLASSIFICATION);
    }

    @Test
    void explicitTaskAndLabelWin() {
        CsvProfile p = profiler.profile(csv("y,x\n0,1\n1,2\n0,3\n"), "y", Task.REGRESSION);
        assertThat(p.task()).isEqualTo(Task.REGRESSION);
        assertThat(p.labelName()).isEqualTo("y");
        assertThat(p.features()).extracting(CsvProfile.Feature::name).containsExactly("x");
    }

    @Test
    void numericStatisticsArePopulationStatistics() {
        CsvProfile p = profile("x,label\n1,a\n2,b\n3,a\n4,b\n");
        CsvProfile.Feature x = p.features().get(0);
        assertThat(x.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(x.min()).isEqualTo(1.0);
        assertThat(x.max()).isEqualTo(4.0);
        assertThat(x.mean()).isEqualTo(2.5);
        assertThat(x.std()).isCloseTo(Math.sqrt(1.25), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void textFeatureIsCategoricalSortedAndCountsInInputSize() {
        CsvProfile p = profile("size,color,label\n1,red,0\n2,blue,1\n3,red,0\n4,green,1\n");
        CsvProfile.Feature color = p.features().get(1);
        assertThat(color.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(color.categories()).containsExactly("blue", "green", "red");
        assertThat(color.min()).isNull();
        assertThat(p.inputSize()).isEqualTo(1 + 3);
    }

    @Test
    void mixedColumnIsCategorical() {
        CsvProfile p = profile("v,label\n1,0\n2,1\nthree,0\n");
        assertThat(p.features().get(0).type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(p.features().get(0).categories()).containsExactly("1", "2", "three");
    }

    @Test
    void quotesBomBlankLinesAndSizeAndHash() throws Exception {
        byte[] data = "\uFEFF\"a\",\"the label\"\n\"1,5\",x\n\n2,y\n".getBytes(StandardCharsets.UTF_8);
        CsvProfile p = profiler.profile(bytes(data), null, null);
        assertThat(p.header()).containsExactly("a", "the label");
        assertThat(p.rows()).isEqualTo(2);
        assertThat(p.features().get(0).categories()).containsExactly("1,5", "2");
        assertThat(p.sizeBytes()).isEqualTo(data.length);
        assertThat(p.sha256()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void irisExample() throws IOException {
        CsvSource iris = new CsvSource() {
            @Override
            public String filename() {
                return "iris.csv";
            }

            @Override
            public InputStream open() {
                return getClass().getResourceAsStream("/examples/iris.csv");
            }
        };
        CsvProfile p = new CsvProfiler(1000).profile(iris, null, null);
        assertThat(p.rows()).isEqualTo(150);
        assertThat(p.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(p.classes()).containsExactly("0", "1", "2");
        assertThat(p.sizeBytes()).isEqualTo(2777);
        CsvProfile.Feature sepal = p.features().get(0);
        assertThat(sepal.min()).isEqualTo(4.3);
        assertThat(sepal.max()).isEqualTo(7.9);
        assertThat(sepal.mean()).isCloseTo(5.843, org.assertj.core.data.Offset.offset(0.001));
        assertThat(sepal.std()).isCloseTo(0.825, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void encoderRoundTripsThroughChunks() {
        CsvSource source = csv("size,color,label\n1.5,red,b\n2,blue,a\n3,red,b\n4,green,a\n5,red,b\n");
        CsvProfile p = profile("size,color,label\n1.5,red,b\n2,blue,a\n3,red,b\n4,green,a\n5,red,b\n");
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> firstRows = new ArrayList<>();
        CsvEncoder.encode(source, p, 2, (index, firstRow, rows, data) -> {
            assertThat(index).isEqualTo(chunks.size());
            chunks.add(data);
            firstRows.add(firstRow);
        });
        assertThat(firstRows).containsExactly(0, 2, 4);
        float[] size = new float[5];
        float[] color = new float[5];
        float[] label = new float[5];
        for (int i = 0; i < chunks.size(); i++) {
            int rows = i < 2 ? 2 : 1;
            assertThat(chunks.get(i)).hasSize(3 * rows * 4);
            ChunkCodec.decodeColumn(chunks.get(i), rows, 0, size, firstRows.get(i));
            ChunkCodec.decodeColumn(chunks.get(i), rows, 1, color, firstRows.get(i));
            ChunkCodec.decodeColumn(chunks.get(i), rows, 2, label, firstRows.get(i));
        }
        assertThat(size).containsExactly(1.5f, 2f, 3f, 4f, 5f);
        assertThat(color).containsExactly(2f, 0f, 2f, 1f, 2f); // blue, green, red
        assertThat(label).containsExactly(1f, 0f, 1f, 0f, 1f); // a, b
    }

    @Test
    void encoderRefusesAFileThatChangedBetweenPasses() {
        CsvProfile p = profile("a,label\n1,x\n2,y\n");
        assertThatThrownBy(() -> CsvEncoder.encode(csv("a,label\n1,x\n2,z\n"), p, 10, (i, f, r, d) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cellSpanningLinesIsReportedAtItsLastLineAndLaterLinesStillCount() {
        assertThat(problem("a,b\n\"x\ny\",\n")).contains("line 3", "column 'b' (#2)", "empty");
        assertThat(problem("a,b\n\"x\ny\",1\n2,\n")).contains("line 4", "column 'b' (#2)", "empty");
    }

    /** Pass 1's chunks, finished as {@link CsvProfiler.Scan#recode()} says; null when it says to encode again. */
    private static List<float[]> scanned(CsvProfiler.Scan[] scan, String text, int cap, Task task) {
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        scan[0] = new CsvProfiler(cap).scan(csv(text), null, task, 2 * 2 * Float.BYTES, (index, firstRow, n, data) -> {
            assertThat(index).isEqualTo(chunks.size());
            chunks.add(data);
            rows.add(n);
        });
        if (scan[0].recode() == null) {
            return null;
        }
        List<float[]> decoded = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            scan[0].recode().apply(chunks.get(i), rows.get(i));
            float[] values = new float[chunks.get(i).length / Float.BYTES];
            for (int c = 0; c < 2; c++) {
                ChunkCodec.decodeColumn(chunks.get(i), rows.get(i), c, values, c * rows.get(i));
            }
            decoded.add(values);
        }
        return decoded;
    }

    /** What pass 2 encodes, in chunks of as many rows as {@link #scanned} uses. */
    private static List<float[]> encoded(CsvProfiler.Scan scan, String text) {
        List<float[]> decoded = new ArrayList<>();
        CsvEncoder.encode(csv(text), scan.profile(), scan.rowsPerChunk(), (index, firstRow, rows, data) -> {
            float[] values = new float[data.length / Float.BYTES];
            for (int c = 0; c < 2; c++) {
                ChunkCodec.decodeColumn(data, rows, c, values, c * rows);
            }
            decoded.add(values);
        });
        return decoded;
    }

    @Test
    void scanEncodesNumericRowsAsItGoes() {
        CsvProfiler.Scan[] scan = new CsvProfiler.Scan[1];
        String text = "x,y\n1.5,0.25\n2,-3\n4e2,7.5\n";
        List<float[]> chunks = scanned(scan, text, 5, null);
        assertThat(scan[0].rowsPerChunk()).isEqualTo(2);
        assertThat(scan[0].recode().identity()).isTrue();
        assertThat(chunks).containsExactly(new float[] {1.5f, 2f, 0.25f, -3f}, new float[] {400f, 7.5f});
    }

    @Test
    void scanRewritesCodesOnceAllCategoriesAndClassesAreKnown() {
        CsvProfiler.Scan[] scan = new CsvProfiler.Scan[1];
        // first seen: red, blue, green; sorted: blue 0, green 1, red 2. Classes by value: 1, 2, 10.
        String categories = "color,label\nred,10\nblue,2\nred,1.0\ngreen,2\n";
        List<float[]> chunks = scanned(scan, categories, 5, null);
        assertThat(scan[0].profile().classes()).containsExactly("1", "2", "10");
        assertThat(chunks).containsExactly(new float[] {2f, 0f, 2f, 1f}, new float[] {2f, 1f, 0f, 1f});
        assertThat(chunks).containsExactlyElementsOf(encoded(scan[0], categories));

        String textClasses = "x,label\n1,b\n2,c\n3,a\n";
        assertThat(scanned(scan, textClasses, 5, null)).containsExactly(new float[] {1f, 2f, 1f, 2f},
                new float[] {3f, 0f});
    }

    @Test
    void scanLeavesToPassTwoWhatItCannotFinish() {
        CsvProfiler.Scan[] scan = new CsvProfiler.Scan[1];
        // numbers, then text: the first rows hold values where the codes of "1" and "2" belong
        String mixed = "v,label\n1,x\n2,y\nthree,x\n";
        assertThat(scanned(scan, mixed, 5, null)).isNull();
        assertThat(encoded(scan[0], mixed)).containsExactly(new float[] {0f, 1f, 0f, 1f}, new float[] {2f, 0f});
        // two classes that are one float32: the stored values cannot tell them apart
        String close = "x,label\n1,16777216\n2,16777217\n";
        assertThat(scanned(scan, close, 5, Task.CLASSIFICATION)).isNull();
        assertThat(encoded(scan[0], close)).containsExactly(new float[] {1f, 2f, 0f, 1f});
    }

    @Test
    void scanOfAnInvalidFileFailsWhateverItHandedOver() {
        List<byte[]> chunks = new ArrayList<>();
        assertThatThrownBy(() -> new CsvProfiler(5).scan(csv("x,y\n1,2\n3,4\n5,\n"), null, null, 16,
                (index, firstRow, rows, data) -> chunks.add(data)))
                .isInstanceOf(ApiException.class).hasMessageContaining("line 4");
        assertThat(chunks).hasSize(1);
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }
}
