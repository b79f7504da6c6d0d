package io.vigil.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

/** REST Assured helpers shared by API tests: the first user's credentials and fresh tokens. */
public final class Api {

    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "correct horse battery staple";

    private Api() {
    }

    /** A new bearer token for the first user (workspace "default"). */
    public static String adminToken() {
        return RestAssured.given().auth().preemptive().basic(ADMIN_EMAIL, ADMIN_PASSWORD)
                .contentType(ContentType.JSON).body(Map.of("name", "test"))
                .post("/api/v1/tokens")
                .then().statusCode(201).extract().path("token");
    }

    public static RequestSpecification as(String token) {
        return RestAssured.given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }
}
