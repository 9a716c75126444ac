package dev.nines.capacity.sharding;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit string hash used by the rings: FNV-1a over the UTF-8 bytes, then the MurmurHash3
 * 64-bit finalizer so that every input bit affects every output bit. Stable across JVMs and
 * releases (placement depends on it: never change it).
 */
final class Hash64 {

    private Hash64() {}

    static long hash(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    static long hash(String a, String b) {
        return mix(hash(a) * 31 + hash(b) ^ 0x9e3779b97f4a7c15L);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
