package dev.nines.capacity.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JumpConsistentHashTest {

    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MULTIPLIER = new BigInteger("2862933555777941757");

    /**
     * The paper's C++ function transcribed with exact unsigned 64-bit arithmetic (BigInteger), as
     * an independent reference:
     * <pre>
     * int32_t JumpConsistentHash(uint64_t key, int32_t num_buckets) {
     *   int64_t b = -1, j = 0;
     *   while (j &lt; num_buckets) {
     *     b = j;
     *     key = key * 2862933555777941757ULL + 1;
     *     j = (b + 1) * (double(1LL &lt;&lt; 31) / double((key &gt;&gt; 33) + 1));
     *   }
     *   return b;
     * }
     * </pre>
     */
    private static int paper(long signedKey, int buckets) {
        BigInteger key = new BigInteger(Long.toUnsignedString(signedKey));
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key.multiply(MULTIPLIER).add(BigInteger.ONE).mod(MOD);
            double divisor = key.shiftRight(33).add(BigInteger.ONE).doubleValue();
            j = (long) ((double) (b + 1) * (2147483648.0 / divisor));
        }
        return (int) b;
    }

    @Test
    void matchesThePapersAlgorithmOnManyKeys() {
        SplittableRandom random = new SplittableRandom(20140101);
        int[] bucketCounts = {1, 2, 3, 7, 10, 16, 100, 1000, 65_536, Integer.MAX_VALUE};
        for (int i = 0; i < 20_000; i++) {
            long key = random.nextLong();
            int buckets = bucketCounts[i % bucketCounts.length];
            assertThat(JumpConsistentHash.bucket(key, buckets))
                    .as("key %s, %d buckets", Long.toUnsignedString(key), buckets)
                    .isEqualTo(paper(key, buckets));
        }
        for (long key : new long[] {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE}) {
            for (int buckets = 1; buckets <= 300; buckets++) {
                assertThat(JumpConsistentHash.bucket(key, buckets)).isEqualTo(paper(key, buckets));
            }
        }
    }

    @Test
    void spreadsKeysEvenly() {
        int[] counts = new int[10];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            counts[JumpConsistentHash.bucket(random.nextLong(), 10)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }

    @Test
    void namedAssignerMapsBucketsToShardsAndRejectsDuplicates() {
        ShardAssigner shards = JumpConsistentHash.assigner(List.of("s0", "s1", "s2"));
        assertThat(shards.nodes()).containsExactly("s0", "s1", "s2");
        assertThat(shards.nodeFor("user:42")).isEqualTo("s" + JumpConsistentHash.bucket("user:42", 3));
        assertThatThrownBy(() -> JumpConsistentHash.assigner(List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JumpConsistentHash.bucket(1L, 0)).hasMessage("buckets must be at least 1, was 0");
    }

    @Property(tries = 2000)
    void growingByOneBucketMovesKeysOnlyToTheNewBucket(
            @ForAll long key, @ForAll @IntRange(min = 1, max = 100_000) int buckets) {
        int before = JumpConsistentHash.bucket(key, buckets);
        int after = JumpConsistentHash.bucket(key, buckets + 1);
        assertThat(before).isBetween(0, buckets - 1);
        assertThat(after).isIn(before, buckets);
    }

    @Test
    void movesAboutOneOverNPlusOneOfTheKeysWhenGrowing() {
        SplittableRandom random = new SplittableRandom(3);
        int moved = 0;
        int keys = 100_000;
        for (int i = 0; i < keys; i++) {
            long key = random.nextLong();
            if (JumpConsistentHash.bucket(key, 9) != JumpConsistentHash.bucket(key, 10)) {
                moved++;
            }
        }
        assertThat(moved / (double) keys).isBetween(0.095, 0.105);
    }
}
