-- Functions of the foundation's core set: a smoke test of the harness itself.
SELECT upper('SparkSql')
SELECT length('Spark SQ L')
SELECT substring('Spark SQL', 5, 1)
SELECT concat('Spark', NULL)
SELECT abs(-7)
SELECT 1 / 0
SELECT year(DATE '2016-02-29')
SELECT sqrt(2)
SELECT coalesce(NULL, 2, 3)
SELECT avg(x) FROM VALUES (1), (2), (NULL) AS t(x)
SELECT x FROM VALUES (1), (NULL), (3) AS t(x)
