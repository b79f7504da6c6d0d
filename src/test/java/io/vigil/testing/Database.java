package io.vigil.testing;

import io.restassured.RestAssured;

/** Takes the application's database away and brings it back (through the proxy of {@link PostgresResource}). */
public final class Database {

    private Database() {
    }

    public static void cut() {
        control("/cut");
    }

    public static void restore() {
        control("/restore");
    }

    private static void control(String path) {
        String port = System.getProperty(PostgresResource.CONTROL_PORT);
        RestAssured.given().baseUri("http://127.0.0.1:" + port).port(Integer.parseInt(port))
                .post(path).then().statusCode(200);
    }
}
