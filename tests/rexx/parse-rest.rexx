parse value 'a   b  c ' with x y z w
say '<'||x||'><'||y||'><'||z||'><'||w||'>'
