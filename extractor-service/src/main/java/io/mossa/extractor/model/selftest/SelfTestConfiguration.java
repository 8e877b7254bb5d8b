package io.mossa.extractor.model.selftest;

import io.mossa.extractor.model.hf.HfEncoder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The device under test loads checkpoints as the service does. */
@Configuration
class SelfTestConfiguration {

    @Bean
    DeviceSelfTest.Loader selfTestLoader() {
        return HfEncoder::load;
    }
}
