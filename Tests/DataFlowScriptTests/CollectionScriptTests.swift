import DataFlow
import Testing

/// Collection functions from a .dfs script: generators in select/withColumn, collect_list, `col[i]`.
@Suite struct CollectionScriptTests {
    @Test func explodeCollectAndIndexFromAScript() {
        let out = outputOf("""
        df = sql("SELECT 1 AS id, array('a', 'b') AS tags UNION ALL SELECT 2, array()")
        e = df.select(id, explode(tags).alias("tag")).collect()
        print(len(e), e[0].tag, e[1].tag)
        o = df.withColumn("t", explode_outer(tags)).collect()
        print(len(o), o[2].id, o[2].t)
        f = df.where(id == 1).select(tags[1].alias("second"), size(tags)).first()
        print(f.second, f[1])
        print(df.agg(collect_list(id).alias("ids")).first().ids)
        """)
        #expect(out == "2 a b\n3 2 null\nb 2\n[1, 2]\n")
    }
}
