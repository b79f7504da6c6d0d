package io.vigil.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional GETs against pages that live checks keep changing: a 200 to If-None-Match is only acceptable when the
 * page really changed in between (its tag differs); then the new tag must revalidate.
 */
public final class Conditional {

    private Conditional() {
    }

    /** Asserts that the path answers its own current ETag with 304 (and an empty body); returns that ETag. */
    public static String assertRevalidates(String path) {
        String etag = RestAssured.get(path).then().statusCode(200).extract().header("ETag");
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThat(etag).isNotBlank();
            Response again = RestAssured.given().header("If-None-Match", etag).get(path);
            if (again.statusCode() == 304) {
                assertThat(again.asString()).isEmpty();
                return etag;
            }
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.header("ETag")).as("a 200 to If-None-Match must carry a new tag").isNotEqualTo(etag);
            etag = again.header("ETag");
        }
        throw new AssertionError(path + " kept changing between requests");
    }
}
