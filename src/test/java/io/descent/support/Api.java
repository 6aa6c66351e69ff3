package io.descent.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for end-to-end tests against a server on 127.0.0.1. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public Api(int port) {
        this.port = port;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Uploads a CSV through the public multipart endpoint and answers the new dataset's id. */
    public String upload(String name, String csv) throws Exception {
        String boundary = "----descent" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + ".csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(csv.getBytes(StandardCharsets.UTF_8));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).get("id").asText();
    }

    public JsonNode awaitJob(String id) throws Exception {
        await(() -> {
            String s = getJson("/api/v1/jobs/" + id).get("status").asText();
            return s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED");
        }, "job " + id + " to finish");
        return getJson("/api/v1/jobs/" + id);
    }

    /** A failed test must not leave long jobs queued in front of the next test's. */
    public void cancelLeftovers() throws Exception {
        for (JsonNode j : getJson("/api/v1/jobs?status=QUEUED&status=RUNNING&size=100").get("content")) {
            send("POST", "/api/v1/jobs/" + j.get("id").asText() + "/cancel", null);
        }
    }

    public interface Check {
        boolean ok() throws Exception;
    }

    public static void await(Check check, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < end) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /**
     * A digits-like CSV: 8 × 8 grey images (64 pixel columns, 0–16 like the UCI digits) of four noisy strokes —
     * ring, vertical bar, horizontal bar, diagonal — labelled 0–3, {@code perClass} rows each, fixed seed.
     */
    public static String digitsCsv(int perClass) {
        Random random = new Random(64);
        StringBuilder csv = new StringBuilder();
        for (int p = 0; p < 64; p++) {
            csv.append("p").append(p).append(',');
        }
        csv.append("digit\n");
        for (int i = 0; i < perClass * 4; i++) {
            int digit = i % 4;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    boolean on = switch (digit) {
                        case 0 -> (y == 1 || y == 6) && x >= 2 && x <= 5 || (x == 2 || x == 5) && y >= 1 && y <= 6;
                        case 1 -> x == 3 || x == 4;
                        case 2 -> y == 3 || y == 4;
                        default -> Math.abs(x - y) <= 0;
                    };
                    int v = on ? 11 + random.nextInt(6) : random.nextInt(5);
                    csv.append(v).append(',');
                }
            }
            csv.append(digit).append('\n');
        }
        return csv.toString();
    }
}
