package dev.milk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One process, any role: {@code MILK_ROLE=writes|reads|all} (default {@code all}). */
@SpringBootApplication
public class MilkApplication {

    public static void main(String[] args) {
        SpringApplication.run(MilkApplication.class, args);
    }
}
