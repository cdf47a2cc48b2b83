#!/bin/sh
# MedCrypt's Spark bulk indexing job on this machine: spark-index on local[*] (or --master URL), without a Spark
# installation. Build first (mvn -B package -DskipTests), then for example:
#   scripts/medcrypt-spark.sh spark-index --images list.txt --key physician.paillier.pub --store store/
#   scripts/medcrypt-spark.sh spark-index --bench --images list.txt --key physician.paillier.key --store bench/
# Spark's jars: $SPARK_HOME/jars if SPARK_HOME is set, else the project's test classpath (Spark 3.5.9 is a
# test-scope dependency), written once to target/spark-classpath.txt by Maven. On a cluster use spark-submit
# instead (docs/SCALE.md): it supplies Spark and the JVM flags below itself.
# Extra JVM options (heap...): MEDCRYPT_SPARK_JAVA_OPTS, e.g. MEDCRYPT_SPARK_JAVA_OPTS=-Xmx8g.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$(ls "$root"/target/MedCrypt_-*-spark.jar 2>/dev/null | head -n 1)
if [ -z "$jar" ]; then
	echo "medcrypt-spark: no target/MedCrypt_-*-spark.jar: run 'mvn -B package -DskipTests' first" >&2
	exit 1
fi
if [ -n "$SPARK_HOME" ]; then
	classpath="$SPARK_HOME/jars/*"
else
	list="$root/target/spark-classpath.txt"
	if [ ! -s "$list" ]; then
		(cd "$root" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$list") >&2
	fi
	classpath=$(cat "$list")
fi
# Java 17: the packages Spark reflects into (spark-submit's list, org.apache.spark.launcher.JavaModuleOptions)
opens="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
 --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
 --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
 --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
# shellcheck disable=SC2086
exec java -XX:+IgnoreUnrecognizedVMOptions $opens -Djava.awt.headless=true $MEDCRYPT_SPARK_JAVA_OPTS \
	-cp "$jar:$classpath" org.medcrypt.spark.SparkIndexCli "$@"
