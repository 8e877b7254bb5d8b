package io.mossa.cka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CkaApplication {

    public static void main(String[] args) {
        SpringApplication.run(CkaApplication.class, args);
    }
}
