package io.mossa.deployment;

/** How MOSSA images are named: mossa/{module}:{version}, the CUDA extractor mossa/extractor-service:{version}-cuda. */
final class Images {

    static final String REPOSITORY_PREFIX = "mossa/";
    static final String CUDA_SUFFIX = "-cuda";

    private Images() {
    }

    static String module(String image) {
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        return repository.substring(REPOSITORY_PREFIX.length());
    }

    static String tag(String image) {
        return image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "latest";
    }

    /** Null when the image is named as this build's images are, else what is wrong with it. */
    static String problem(String image, String version) {
        if (image == null || !image.startsWith(REPOSITORY_PREFIX)) {
            return "image " + image + " is not under " + REPOSITORY_PREFIX;
        }
        String module = module(image);
        if (!Repository.SERVICES.contains(module)) {
            return "image " + image + " names no MOSSA service (known: " + Repository.SERVICES + ")";
        }
        String tag = tag(image);
        boolean cudaAllowed = module.equals("extractor-service");
        if (!tag.equals(version) && !(cudaAllowed && tag.equals(version + CUDA_SUFFIX))) {
            return "image " + image + " has tag " + tag + "; this build makes " + version
                    + (cudaAllowed ? " or " + version + CUDA_SUFFIX : "");
        }
        return null;
    }

    static boolean isCuda(String image) {
        return tag(image).endsWith(CUDA_SUFFIX);
    }
}
